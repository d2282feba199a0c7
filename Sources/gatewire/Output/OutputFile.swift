import Foundation

/// The one policy for files a command writes (`--record`, `export -o`): a new file is created, an existing file is
/// never overwritten, and a file that cannot be created is a clear error with exit code 73.
enum OutputFile {
    /// Creates `path` for writing.
    ///
    /// - Throws: ``CommandFailure`` with ``ExitCodes/cannotCreate`` when the file exists, its folder does not, or
    ///   it cannot be created.
    static func create(_ path: String) throws -> FileHandle {
        let url = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: path) {
            throw CommandFailure(
                description:
                    "\(path) already exists; gatewire never overwrites a file (remove it or pick another name)",
                exitCode: ExitCodes.cannotCreate)
        }
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure(
                description: "cannot create \(path): the folder \(folder) does not exist",
                exitCode: ExitCodes.cannotCreate)
        }
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw CommandFailure(
                description: "cannot create \(path): permission denied or not writable",
                exitCode: ExitCodes.cannotCreate)
        }
        return handle
    }
}
