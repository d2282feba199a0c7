#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How many clients the proxy may hold at once so that it never runs out of file descriptors.
///
/// Each proxied client takes two descriptors (its own socket and the upstream's). Running out is not only a matter of
/// refused clients: libdispatch, under Swift's concurrency runtime, reads `/proc/self/task/…` when its thread pool
/// is busy and traps when it cannot open the file, so a proxy at its descriptor limit could crash. The proxy
/// therefore stops accepting a little before the limit, keeping `reserve` descriptors free for the runtime, the
/// recording, the web view and TLS files.
struct DescriptorBudget: Equatable {
    /// The most clients accepted and not yet closed; the listener pauses at this count.
    var maxClients: Int

    /// The budget for this process: its descriptor limit, less those already open and the reserve, halved.
    ///
    /// - Parameter reserve: descriptors never used for clients (`ProxyConfiguration.descriptorReserve`).
    static func current(reserve: Int) -> DescriptorBudget {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else {
            return DescriptorBudget(maxClients: .max)
        }
        let soft = Int(clamping: limit.rlim_cur)
        return budget(limit: soft, open: openDescriptors() ?? 0, reserve: reserve)
    }

    /// The budget for a limit, the descriptors already open, and a reserve: at least one client, so a proxy started
    /// close to its limit still serves (and says so through the shortage it then meets).
    static func budget(limit: Int, open: Int, reserve: Int) -> DescriptorBudget {
        DescriptorBudget(maxClients: max(1, (limit - open - reserve) / 2))
    }

    /// How many descriptors the process has open now (`/proc/self/fd` on Linux), or `nil` where that cannot be told.
    private static func openDescriptors() -> Int? {
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        while readdir(directory) != nil { count += 1 }
        // ".", ".." and the descriptor of the listing itself.
        return max(0, count - 3)
    }
}
