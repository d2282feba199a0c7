"""Naughts and crosses (captures/003-naughts-and-crosses/cdk.template.json, expression `${request.body.type}`).

    {"type": "start", "gameId": "g1"}            -> {"type": "started", "gameId": "g1", "mark": "X"}  (two-way)
    {"type": "join", "gameId": "g1"}             -> {"type": "ready", "mark": …, "turn": "X", …} to both players
    {"type": "move", "gameId": "g1", "cell": 4}  -> {"type": "moved", "board": "....X....", "turn": "O", …} to both,
                                                    {"type": "invalidMove", …} to the mover when it is not allowed

Two players per game id; when one leaves, the other is told `opponentLeft`. A move must be a JSON text frame: API
Gateway closes a connection that sends a binary frame with 1003.
"""
import json

from connections import post

# The games table of the template, kept in memory: game id -> {"players": {mark: connection id}, "board", "turn"}.
GAMES = {}
LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]


def winner(board):
    for a, b, c in LINES:
        if board[a] != "." and board[a] == board[b] == board[c]:
            return board[a]
    return None


def handler(event, context):
    request = event["requestContext"]
    route, connection_id = request["routeKey"], request["connectionId"]

    if route == "$connect":
        return {"statusCode": 200}
    if route == "$disconnect":
        for game_id, game in list(GAMES.items()):
            if connection_id in game["players"].values():
                for other in game["players"].values():
                    if other != connection_id:
                        post(event, other, {"type": "opponentLeft", "gameId": game_id})
                del GAMES[game_id]
        return {"statusCode": 200}

    message = json.loads(event["body"])
    game_id = message.get("gameId")
    game = GAMES.get(game_id)

    if route == "start":
        GAMES[game_id] = {"players": {"X": connection_id}, "board": "." * 9, "turn": "X"}
        return {"statusCode": 200, "body": json.dumps({"type": "started", "gameId": game_id, "mark": "X"})}

    if route == "join":
        if game is None or len(game["players"]) == 2:
            post(event, connection_id, {"type": "cannotJoin", "gameId": game_id})
        else:
            game["players"]["O"] = connection_id
            for mark, player in game["players"].items():
                post(event, player, {"type": "ready", "gameId": game_id, "mark": mark, "turn": game["turn"]})
        return {"statusCode": 200}

    if route == "move":
        cell = message.get("cell")
        mark = next((m for m, player in (game or {}).get("players", {}).items() if player == connection_id), None)
        if mark is None or mark != game["turn"] or not isinstance(cell, int) or not 0 <= cell < 9 \
                or game["board"][cell] != ".":
            post(event, connection_id, {"type": "invalidMove", "gameId": game_id, "cell": cell})
            return {"statusCode": 200}
        board = game["board"][:cell] + mark + game["board"][cell + 1:]
        game.update(board=board, turn="O" if mark == "X" else "X")
        update = {"type": "moved", "gameId": game_id, "mark": mark, "cell": cell, "board": board,
                  "turn": game["turn"], "winner": winner(board)}
        for player in game["players"].values():
            post(event, player, update)
    return {"statusCode": 200}
