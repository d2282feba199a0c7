import Foundation

/// Reading the files named on the command line, with errors that name the file and the reason.
enum InputFile {
    /// The whole file; `-` reads standard input.
    static func read(_ path: String) throws -> Data {
        if path == "-" { return Data(StandardInput.readAll()) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure.cannotRead(path, because: "no such file")
        }
        guard !isDirectory.boolValue else { throw CommandFailure.cannotRead(path, because: "it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure.cannotRead(path, because: "permission denied or unreadable")
        }
        return data
    }

    /// The last path component, which loaders use in their messages and for format detection.
    static func displayName(_ path: String) -> String {
        path == "-" ? "<stdin>" : path
    }
}
