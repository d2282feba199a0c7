/// Keeps a file that is only ever appended to, such as a recording, from filling the page cache.
///
/// Everything written to a file lands in the kernel's page cache first and stays there, dirty until the kernel
/// writes it out in its own time and cached after that, until memory runs short. A proxy that records a busy API
/// writes hundreds of megabytes a minute that it never reads back: left alone, they push other programs' cached
/// files out, pile up dirty pages that the kernel then writes in bursts, and every page of new cache costs a fresh
/// page of memory. Streaming writers (databases' logs, `dd oflag=nocache`) drop what is behind them instead, and so
/// does the recording: every `step` bytes it asks the kernel to start writing the newest step out, and to release
/// the cached pages that lie more than `lag` bytes behind the end, which have long been written by then. Released
/// pages are reused for the next writes, so the cache the file holds stays near `lag` plus two steps however long it
/// grows.
///
/// Both requests are `posix_fadvise(POSIX_FADV_DONTNEED)` over a range: on Linux it starts writing the range's dirty
/// pages out, without waiting for them to reach the disk, and releases the pages that are already written. Neither
/// changes what the file holds; a page still being written when its release is asked for simply stays cached, as it
/// would have without this. The kernel releases whole pages only, so a released range ends on a page boundary: the
/// next one starts where it ended and no page is left behind between two of them.
///
/// This type only does the bookkeeping (which ranges, and when); the file output makes the calls.
public struct DropBehind: Sendable, Equatable {
    /// The ranges of the file to advise away after a write; `nil` where there is nothing to ask for this time.
    public struct Advice: Sendable, Equatable {
        /// The newest bytes to start writing out: at least `step` of them, up to the end of the file.
        public var writeOut: Range<Int64>?
        /// The bytes whose cached pages to release: everything handed to the disk by an earlier write that lies at
        /// least `lag` bytes before the end and was not released yet.
        public var release: Range<Int64>?

        /// Advice with the given ranges; none by default.
        public init(writeOut: Range<Int64>? = nil, release: Range<Int64>? = nil) {
            self.writeOut = writeOut
            self.release = release
        }
    }

    /// 8 MiB: how many new bytes are gathered before they are handed to the disk (a few hundred milliseconds of a
    /// busy recording; one call per step).
    public static let defaultStep: Int64 = 8 << 20
    /// 64 MiB: how far behind the end cached pages are released, long enough for the disk to have written them.
    public static let defaultLag: Int64 = 64 << 20

    /// See `defaultStep`.
    public let step: Int64
    /// See `defaultLag`.
    public let lag: Int64
    /// The page size: released ranges end on a multiple of it.
    public let pageSize: Int64
    /// The offset of the file's end.
    public private(set) var end: Int64
    /// The bytes below this offset have been handed to the disk.
    public private(set) var writtenOut: Int64
    /// The bytes below this offset have had their cached pages released.
    public private(set) var released: Int64

    /// Starts the bookkeeping for a file whose end is at `offset` (bytes before it are left as they are).
    ///
    /// - Parameter pageSize: the system's page size (4 KiB by default).
    public init(startingAt offset: Int64, step: Int64 = defaultStep, lag: Int64 = defaultLag, pageSize: Int64 = 4096) {
        self.step = max(step, 1)
        self.lag = max(lag, self.step)
        self.pageSize = max(pageSize, 1)
        end = max(offset, 0)
        writtenOut = end
        released = end - end % self.pageSize
    }

    /// Records `count` more bytes appended at the end, and says which ranges to advise away now.
    public mutating func appended(_ count: Int) -> Advice {
        end += Int64(max(count, 0))
        var advice = Advice()
        // Only bytes handed to the disk by an earlier call: pages whose writing starts now are still dirty.
        var releasable = min(writtenOut, end - lag)
        releasable -= releasable % pageSize
        if releasable - released >= step {
            advice.release = released..<releasable
            released = releasable
        }
        if end - writtenOut >= step {
            advice.writeOut = writtenOut..<end
            writtenOut = end
        }
        return advice
    }
}
