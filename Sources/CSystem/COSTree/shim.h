#pragma once
#include <ostree.h>
#include <gio/gio.h>
