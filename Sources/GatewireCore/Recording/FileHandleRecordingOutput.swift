public import Foundation

/// A recording output backed by an open file.
///
/// `FileHandle.write(contentsOf:)` is an unbuffered `write(2)` (repeated until every byte is taken), so each line
/// reaches the kernel before `write` returns: a killed process leaves every complete line readable. Lines are not
/// synced to the disk one by one (an `fsync` per message would slow the proxy); `close()` syncs once, so a power
/// failure may lose the last lines, never their order.
///
/// On Linux, written bytes do not stay in the page cache: the output starts writing them to the disk as it goes and
/// releases the cached pages well behind the end (`DropBehind`), so a long recording holds about 80 MiB of cache, not
/// its whole size.
public struct FileHandleRecordingOutput: RecordingOutput, Sendable {
    /// The file written to, positioned at its end.
    public let handle: FileHandle
    /// The page cache bookkeeping; `nil` when the handle has no offset (a pipe or a terminal).
    public private(set) var dropBehind: DropBehind?

    /// Writes to an already open handle, from its end; open it for appending (`O_APPEND`) so that writes land at the
    /// end.
    public init(handle: FileHandle) {
        self.handle = handle
        // The end, not the handle's offset: an `O_APPEND` handle to a file with content reports 0 until it writes.
        dropBehind = (try? handle.seekToEnd()).map {
            DropBehind(startingAt: Int64(clamping: $0), pageSize: Self.pageSize)
        }
    }

    private static var pageSize: Int64 {
        #if os(Linux)
            Int64(max(sysconf(Int32(_SC_PAGESIZE)), 1))
        #else
            4096
        #endif
    }

    /// Creates a new file and writes to it; an existing file is never overwritten, because a recording that was
    /// already there is worth more than the one about to start.
    ///
    /// - Throws: Foundation's error when the file exists or cannot be created.
    public init(creatingFileAt url: URL) throws {
        try Data().write(to: url, options: .withoutOverwriting)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        self.init(handle: handle)
    }

    /// Writes the bytes with one unbuffered `write(2)` (repeated by Foundation until all are taken; straight from
    /// the array, no copy), then advises the kernel on the ranges `DropBehind` names; the advice is best effort and
    /// its failures are ignored.
    public mutating func write(_ bytes: [UInt8]) throws {
        try handle.write(contentsOf: bytes)
        guard let advice = dropBehind?.appended(bytes.count) else { return }
        adviseAway(advice.writeOut)
        adviseAway(advice.release)
    }

    private func adviseAway(_ range: Range<Int64>?) {
        #if os(Linux)
            guard let range else { return }
            _ = posix_fadvise(
                handle.fileDescriptor, off_t(range.lowerBound), off_t(range.count), POSIX_FADV_DONTNEED)
        #endif
    }

    /// Syncs the file to disk once, then closes it.
    public func close() throws {
        try handle.synchronize()
        try handle.close()
    }
}
