#pragma once
#include <ostree.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>
