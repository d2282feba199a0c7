import Foundation

/// What Linux reports about a child process in `/proc`: its resident memory and the CPU time it used, for tests
/// that bound a server's memory or CPU while it is under attack.
enum ProcessStatistics {
    /// Resident memory in bytes (`VmRSS` of `/proc/PID/status`), or `nil` when the process is gone.
    static func residentBytes(of pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kilobytes * 1024
    }

    /// User plus system CPU time in seconds (`utime` + `stime` of `/proc/PID/stat`), or `nil` when gone.
    static func cpuSeconds(of pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may hold spaces) start with the state, field 3; utime and stime
        // are fields 14 and 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
