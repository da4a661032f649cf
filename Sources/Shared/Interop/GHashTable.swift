internal import COSTree

/// The (key, value) pairs of a `GHashTable` (`g_hash_table_iter_next`), borrowed from the table.
func hashTableEntries(_ table: OpaquePointer) -> [(UnsafeMutableRawPointer, UnsafeMutableRawPointer)] {
    var iterator = GHashTableIter()
    g_hash_table_iter_init(&iterator, table)
    var result: [(UnsafeMutableRawPointer, UnsafeMutableRawPointer)] = []
    var key: gpointer?
    var value: gpointer?
    while g_hash_table_iter_next(&iterator, &key, &value) != 0 {
        guard let key, let value else { continue }
        result.append((key, value))
    }
    return result
}

/// The pairs of a `GHashTable` whose keys are C strings, keys copied into `String`s.
func stringKeyedEntries(_ table: OpaquePointer) -> [(String, UnsafeMutableRawPointer)] {
    hashTableEntries(table).map { key, value in (String(cString: key.assumingMemoryBound(to: CChar.self)), value) }
}
