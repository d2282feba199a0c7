import Foundation
import GatewireTestSupport

/// Runs a real Python `websockets` server and client on 127.0.0.1 (installed by `scripts/install-test-peers`).
enum PythonPeers {
    /// Runs an echo server on `port` and a client that sends `messages` and waits for each echo; returns when done.
    static func echoSession(port: Int, path: String, messages: [String]) async throws {
        let script = """
            import asyncio, json, sys
            from websockets.asyncio.server import serve
            from websockets.asyncio.client import connect
            async def main():
                async def echo(ws):
                    async for m in ws: await ws.send(m)
                async with serve(echo, "127.0.0.1", \(port), compression=None):
                    async with connect("ws://127.0.0.1:\(port)\(path)", compression=None) as ws:
                        for text in json.loads(sys.argv[1]):
                            await ws.send(text)
                            await ws.recv()
            asyncio.run(main())
            """
        let arguments = String(decoding: try JSONEncoder().encode(messages), as: UTF8.self)
        let result = try await ChildProcess.run(command: ["python3", "-c", script, arguments], timeout: .seconds(120))
        guard result.status == 0 else {
            throw PeerFailed(status: result.status, standardError: result.standardError)
        }
    }

    struct PeerFailed: Error, CustomStringConvertible {
        var status: Int32
        var standardError: String
        var description: String {
            "the Python websockets peers failed (exit \(status)); run scripts/install-test-peers\n\(standardError)"
        }
    }

    /// A TCP port that was free a moment ago.
    static func freePort() -> Int {
        Int.random(in: 20_000..<60_000)
    }
}
