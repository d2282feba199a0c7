import GatewireCore

extension RecordingHeader.Creator {
    /// This build of the command-line tool, as every recording and export it writes names its creator.
    static var gatewire: Self { .init(name: "gatewire", version: GatewireCommand.version) }
}
