import Foundation

/// Reading arguments given as `-` from standard input.
enum StandardInput {
    /// All of standard input as bytes.
    static func readAll() -> [UInt8] {
        Array(FileHandle.standardInput.readDataToEndOfFile())
    }

    /// Standard input split into non-empty lines, without line terminators.
    static func readLines() -> [String] {
        String(decoding: readAll(), as: UTF8.self)
            .split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            .map(String.init)
    }
}
