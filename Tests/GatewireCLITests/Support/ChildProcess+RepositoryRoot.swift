import Foundation
import GatewireTestSupport

extension ChildProcess {
    /// Starts `executable` the way every command in these tests runs: from the repository root (scripts and
    /// captures are named relative to it).
    static func fromRepositoryRoot(_ executable: URL, _ arguments: [String], readingOutput: Bool = true) throws
        -> ChildProcess
    {
        try ChildProcess(
            executable, arguments, currentDirectory: GatewireProcess.repositoryRoot, readingOutput: readingOutput)
    }
}
