"""A conformant WebSocket echo server for scripts/autobahn: Autobahn's own server implementation (the reference the
fuzzingclient is written against), run from the Autobahn|Testsuite virtualenv under Python 2.7.

Usage: .venv-autobahn/bin/python scripts/peers/autobahn_echo_server.py
Listens on 127.0.0.1 only (an ephemeral port) and prints "PORT <n>" once listening. `wstest -m echoserver` cannot
be used instead: it binds every interface and rejects a Host header whose port is not its own, which is exactly what
a reverse proxy in front of it sends (the proxy rewrites Host to the upstream's, but clients may not). Setting
`externalPort = None` turns that Host-port check off.
"""
import sys

from twisted.internet import reactor
from autobahn.twisted.websocket import WebSocketServerFactory, WebSocketServerProtocol


class EchoProtocol(WebSocketServerProtocol):
    def onMessage(self, payload, isBinary):
        self.sendMessage(payload, isBinary)


def main():
    factory = WebSocketServerFactory(u"ws://127.0.0.1")
    factory.protocol = EchoProtocol
    factory.externalPort = None
    listener = reactor.listenTCP(0, factory, interface="127.0.0.1")
    sys.stdout.write("PORT %d\n" % listener.getHost().port)
    sys.stdout.flush()
    reactor.run()


if __name__ == "__main__":
    main()
