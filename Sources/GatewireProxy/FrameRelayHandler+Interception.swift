import GatewireCore
import NIOCore
import NIOWebSocket

/// One entry of a relay's outbox: frames for the other side, sent in order once nothing before them waits.
struct OutboxItem {
    /// Identifies the entry for the timer or breakpoint that will let it go.
    var ticket: Int
    var frames: [WebSocketFrame]
    /// Whether it waits (a delay or a breakpoint); the entries behind it wait with it.
    var waiting: Bool
    var bytes: Int
    /// The message it carries, when it was decided by a rule: resent in events when a breakpoint lets it go.
    var message: MessageEvent?
    /// The breakpoint's entry in `HeldMessages`, while held.
    var holdID: String?
}

extension FrameRelayHandler {
    /// Most bytes that may wait in the outbox before this peer is no longer read: a breakpoint holding one message
    /// must not let the peer's next thousand pile up in memory.
    static let outboxLimit = 16 << 20

    var outboxHasRoom: Bool { outboxBytes < Self.outboxLimit }

    /// Takes a data frame while rules are in force: frames are collected until the message is complete, then the
    /// first matching rule decides what the other side gets.
    func intercept(_ frame: WebSocketFrame, completing message: MessageEvent?) {
        guard frame.fin else {
            assembling.append(frame)
            return
        }
        // Most messages are one frame: those are decided without collecting them into an array, and go on at once
        // when no rule matches and nothing waits, as they would without rules.
        let fragments: [WebSocketFrame]? = assembling.isEmpty ? nil : assembling + [frame]
        assembling = []
        guard let message, let (decision, interceptor) = decide(message) else {
            if let message { connection.emit(.message(message)) }
            if let fragments { sendOn(fragments) } else { forward(frame) }
            return
        }
        apply(decision, to: message, frames: fragments ?? [frame], interceptor: interceptor)
    }

    /// What the rules say of a complete message, with the interceptor that said it, or `nil` to send it on as it
    /// came.
    private func decide(_ message: MessageEvent) -> (InterceptDecision, MessageInterceptor)? {
        guard let interceptor = connection.interceptor,
            let decision = interceptor.decide(
                connection: connection.label, direction: side, opcode: message.opcode, payload: message.payload)
        else { return nil }
        return (decision, interceptor)
    }

    private func apply(
        _ decision: InterceptDecision, to message: MessageEvent, frames: [WebSocketFrame],
        interceptor: MessageInterceptor
    ) {
        let by = decision.by
        var marked = message
        switch decision.action {
        case .drop:
            marked.intervention = Intervention(.dropped, by: by)
            connection.emit(.message(marked))
        case .delay(let milliseconds):
            marked.intervention = Intervention(.delayed, by: by, detail: "\(milliseconds) ms")
            connection.emit(.message(marked))
            let ticket = enqueue(frames, waiting: true)
            schedule(in: .milliseconds(Int64(milliseconds))) { $0.letGo(ticket) }
        case .rewrite(let rewrite):
            let payload: [UInt8]
            do {
                payload = try rewrite.apply(to: message.payload)
            } catch {
                connection.emit(.message(message))
                connection.error(
                    side: side, code: "rule-not-applied",
                    message: "\(by) could not rewrite the message, which was sent on unchanged: \(error)")
                sendOn(frames)
                return
            }
            marked.intervention = Intervention(.rewritten, by: by, detail: decision.action.detail)
            connection.emit(.message(marked))
            sendOn([Self.messageFrame(opcode: message.opcode, payload: payload)])
            connection.resent(message, payload: payload, intervention: Intervention(.injected, by: by))
        case .duplicate:
            marked.intervention = Intervention(.duplicated, by: by)
            connection.emit(.message(marked))
            sendOn(frames)
            sendOn([Self.messageFrame(opcode: message.opcode, payload: message.payload)])
            connection.resent(message, intervention: Intervention(.injected, by: by, detail: "copy"))
        case .hold(let timeout):
            let seconds = timeout ?? interceptor.defaultHoldTimeout
            marked.intervention = Intervention(.held, by: "breakpoint \(decision.ruleID)")
            connection.emit(.message(marked))
            hold(frames, message: message, rule: decision.ruleID, seconds: seconds, interceptor: interceptor)
        case .fault(let fault):
            // The gateway answers the sender instead of delivering the message.
            marked.intervention = Intervention(.dropped, by: by, detail: fault.rawValue)
            connection.emit(.message(marked))
            if let text = fault.errorFrame(connectionID: nil, requestID: nil),
                inject(opcode: .text, payload: ByteBuffer(string: text))
            {
                connection.injectedMessage(
                    opcode: .text, payload: Array(text.utf8), as: side == .client ? .server : .client,
                    intervention: Intervention(.injected, by: by, detail: fault.rawValue))
            }
        }
    }

    private func hold(
        _ frames: [WebSocketFrame], message: MessageEvent, rule: String, seconds: Double,
        interceptor: MessageInterceptor
    ) {
        guard let context else { return }
        let ticket = enqueue(frames, waiting: true, message: message)
        let heldAt = connection.now
        let relay = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        let id = interceptor.held.hold({ id in
            HeldMessage(
                id: id, connection: connection.label, direction: side, opcode: message.opcode,
                payload: message.payload, rule: rule, heldAt: heldAt,
                releaseAt: heldAt.adding(milliseconds: seconds * 1000) ?? heldAt)
        }) { outcome in
            loop.execute { relay.value.resolveHold(ticket, outcome) }
        }
        if let index = outbox.firstIndex(where: { $0.ticket == ticket }) { outbox[index].holdID = id }
        let held = interceptor.held
        schedule(in: .milliseconds(Int64(seconds * 1000))) { _ in held.resolve(id, .release(by: "timeout")) }
    }

    /// Lets a held message go, changed or not, or drops it.
    private func resolveHold(_ ticket: Int, _ outcome: HeldMessages.Outcome) {
        guard let index = outbox.firstIndex(where: { $0.ticket == ticket }) else { return }
        let item = outbox[index]
        outbox[index].holdID = nil
        switch outcome {
        case .release(let by):
            if let message = item.message { connection.resent(message, intervention: Intervention(.released, by: by)) }
            outbox[index].waiting = false
        case .replace(let payload, let by):
            let opcode = item.message?.opcode ?? .text
            outbox[index].frames = [Self.messageFrame(opcode: opcode, payload: payload)]
            outbox[index].bytes = payload.count
            outboxBytes += payload.count - item.bytes
            outbox[index].waiting = false
            if let message = item.message {
                connection.resent(
                    message, payload: payload, intervention: Intervention(.injected, by: by, detail: "edited"))
            }
        case .drop(let by):
            if let message = item.message { connection.resent(message, intervention: Intervention(.dropped, by: by)) }
            outbox.remove(at: index)
            outboxBytes -= item.bytes
        }
        drainOutbox()
    }

    /// Marks an outbox entry as free to go, and sends what can go.
    private func letGo(_ ticket: Int) {
        guard let index = outbox.firstIndex(where: { $0.ticket == ticket }) else { return }
        outbox[index].waiting = false
        drainOutbox()
    }

    /// Sends frames on now, or behind what waits in the outbox.
    private func sendOn(_ frames: [WebSocketFrame]) {
        if outbox.isEmpty {
            for frame in frames { pass(frame) }
        } else {
            enqueue(frames, waiting: false)
        }
    }

    @discardableResult
    func enqueue(_ frames: [WebSocketFrame], waiting: Bool, message: MessageEvent? = nil) -> Int {
        nextTicket += 1
        let bytes = frames.reduce(0) { $0 + $1.length }
        outbox.append(
            OutboxItem(ticket: nextTicket, frames: frames, waiting: waiting, bytes: bytes, message: message))
        outboxBytes += bytes
        return nextTicket
    }

    /// Sends every entry from the front that no longer waits, then reads again if there is room.
    private func drainOutbox() {
        var sent = 0
        while sent < outbox.count, !outbox[sent].waiting {
            for frame in outbox[sent].frames { pass(frame) }
            outboxBytes -= outbox[sent].bytes
            sent += 1
        }
        guard sent > 0 else { return }
        outbox.removeFirst(sent)
        partner?.flushFromPartner()
        readIfAllowed()
    }

    /// Sends everything waiting now: this peer's transport ended, and what it sent before still goes on.
    func releaseOutbox(by: String) {
        guard !outbox.isEmpty else { return }
        for index in outbox.indices {
            if let holdID = outbox[index].holdID {
                connection.interceptor?.held.remove(holdID)
                if let message = outbox[index].message {
                    connection.resent(message, intervention: Intervention(.released, by: by))
                }
            }
            outbox[index].waiting = false
        }
        drainOutbox()
    }

    /// Forgets everything waiting: the other side is gone.
    func discardOutbox() {
        for item in outbox {
            if let holdID = item.holdID { connection.interceptor?.held.remove(holdID) }
        }
        outbox = []
        outboxBytes = 0
        assembling = []
    }

    private func schedule(in delay: TimeAmount, _ body: @escaping (FrameRelayHandler) -> Void) {
        guard let context else { return }
        let relay = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.assumeIsolated().scheduleTask(in: delay) { body(relay.value) }
    }

    private static func messageFrame(opcode: Opcode, payload: [UInt8]) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: opcode == .binary ? .binary : .text, data: ByteBuffer(bytes: payload))
    }
}
