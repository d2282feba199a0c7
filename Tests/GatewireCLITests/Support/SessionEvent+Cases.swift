import GatewireCore

extension SessionEvent {
    /// The connect event, if this is one.
    var connectEvent: ConnectEvent? {
        if case .connect(let event) = self { return event }
        return nil
    }

    /// The message event, if this is one.
    var messageEvent: MessageEvent? {
        if case .message(let event) = self { return event }
        return nil
    }
}
