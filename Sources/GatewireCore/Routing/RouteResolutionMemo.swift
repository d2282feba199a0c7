/// The resolutions of recent messages whose resolution depends on the selected value alone, for one resolver.
///
/// Most traffic selects a handful of route keys over and over; a matched key, or any value when the route keys are
/// unknown, resolves the same way every time, explanation included. Building that explanation again for every
/// message cost the proxy more than looking it up. Resolutions that depend on more than the value (hints read
/// from the body, a `Forbidden` reply naming the connection, missing paths) are never kept.
struct RouteResolutionMemo: Sendable {
    /// How many distinct values are kept; when full it starts again empty, so a stream of unique values costs one
    /// dictionary insert each and bounded memory.
    static let capacity = 256

    private var byValue: [String: RouteResolution] = [:]

    /// The kept resolution of a message that selected `value`, if any: keys compare as Swift strings do, so one
    /// that is equal as text but not in bytes may be found (the caller checks).
    subscript(value: String) -> RouteResolution? { byValue[value] }

    /// Keeps `resolution` for `value` when it is one that depends on the value alone.
    mutating func remember(_ resolution: RouteResolution, for value: String) {
        guard resolution.outcome == .matched || resolution.outcome == .evaluated, resolution.hints.isEmpty,
            resolution.reply == nil
        else { return }
        if byValue.count >= Self.capacity { byValue.removeAll(keepingCapacity: true) }
        byValue[value] = resolution
    }
}
