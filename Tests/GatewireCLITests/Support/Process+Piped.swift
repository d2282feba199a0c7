import Foundation

extension Process {
    /// A process, not yet started, that runs `executable` with `arguments` the way every command in these tests
    /// runs: from the repository root, with colour off (`NO_COLOR`), its standard output and error on new pipes,
    /// and `input` (by default nothing) as its standard input.
    static func piped(
        _ executable: URL, _ arguments: [String], input: Any = FileHandle.nullDevice
    ) -> (process: Process, output: Pipe, errors: Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = GatewireProcess.repositoryRoot
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        return (process, output, errors)
    }
}
