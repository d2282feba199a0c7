import Foundation

/// A thread-safe counter for observer callbacks.
final class Counter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
