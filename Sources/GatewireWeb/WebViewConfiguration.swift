public import GatewireCore

/// Where the web view listens, who may read it, and how much it keeps and sends.
public struct WebViewConfiguration: Sendable {
    /// The address to bind; loopback by default, because the page shows the traffic.
    public var host: String
    /// The port; 0 picks a free one.
    public var port: Int
    /// The secret every request must carry (`?token=` once, then a cookie), or `nil` for none.
    ///
    /// Loopback needs none; any other address gets a random one, as Jupyter does, since anyone who reaches the
    /// address could otherwise read the session.
    public var accessToken: String?
    /// How many events each open page may fall behind before the oldest it has not sent are skipped (and the page
    /// told how many). The default, 20,000, is several seconds of a busy proxy; a page that stalls longer costs no
    /// memory beyond it, because a stream is only a position in the shared ``LiveEventStore``.
    public var maxClientBacklog: Int
    /// The most live events a second one page is sent (what was kept when it connected comes at once): a person
    /// reads a few events a second, and a browser drawing every event of a proxy under load takes the CPU the relay
    /// needs. Beyond it the page falls behind, then skips, and says how many events it skipped.
    public var maxLiveEventsPerSecond: Int
    /// How often, at most, the diagnosis is recomputed from the kept events, in milliseconds. Every page asks
    /// for it as events arrive; the default, 500, keeps a busy session from recomputing it on every request.
    public var diagnosisIntervalMilliseconds: Int
    /// How the diagnosis judges the kept events (subscription keys, decoding policy, limits).
    public var diagnosis: DiagnosisConfiguration
    /// Who writes the downloads (`log.creator` of a HAR, the recording header's creator).
    public var creator: RecordingHeader.Creator
    /// The most bytes of a page's request (head and body) accepted: the view takes only small GET requests.
    public var maxRequestBytes: Int

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 0, accessToken: String? = nil, maxClientBacklog: Int = 20_000,
        maxLiveEventsPerSecond: Int = 1_000,
        diagnosisIntervalMilliseconds: Int = 500, diagnosis: DiagnosisConfiguration = DiagnosisConfiguration(),
        creator: RecordingHeader.Creator = .init(name: "gatewire", version: "0"), maxRequestBytes: Int = 64 << 10
    ) {
        self.host = host
        self.port = port
        self.accessToken = accessToken
        self.maxClientBacklog = max(1, maxClientBacklog)
        self.maxLiveEventsPerSecond = max(1, maxLiveEventsPerSecond)
        self.diagnosisIntervalMilliseconds = diagnosisIntervalMilliseconds
        self.diagnosis = diagnosis
        self.creator = creator
        self.maxRequestBytes = maxRequestBytes
    }

    /// A new random token: 32 hexadecimal digits (128 bits) from the system's secure generator.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let value = generator.next() as UInt32
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }.joined()
    }
}
