/// Aligned text columns for human output (`container-image list`, `history`).
public enum TextTable {
    /// Renders `rows` one line each, every column but the last padded to its widest cell (counted in Unicode
    /// scalars) and columns separated by two spaces; each line ends in a newline. No trailing spaces.
    public static func render(_ rows: [[String]]) -> String {
        var widths: [Int] = []
        for row in rows {
            for (index, cell) in row.enumerated() {
                let width = cell.unicodeScalars.count
                if index < widths.count {
                    widths[index] = max(widths[index], width)
                } else {
                    widths.append(width)
                }
            }
        }
        var output = ""
        for row in rows {
            var line = ""
            for (index, cell) in row.enumerated() {
                if index == row.count - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[index] - cell.unicodeScalars.count + 2)
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            output += line + "\n"
        }
        return output
    }
}
