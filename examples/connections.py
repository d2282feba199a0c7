"""Replies through API Gateway's @connections management API with boto3, as a deployed Lambda does.

Shared by the example handlers. The endpoint comes from the event: https://{domainName}/{stage} for a deployed API,
plain http for the local mock gateway (127.0.0.1 or localhost).
"""
import json
from functools import lru_cache

import boto3


@lru_cache
def management_api(endpoint):
    return boto3.client("apigatewaymanagementapi", endpoint_url=endpoint)


def client_for(event):
    """The @connections client for the API and stage the event came through."""
    request = event["requestContext"]
    domain = request["domainName"]
    scheme = "http" if domain.startswith(("127.0.0.1", "localhost")) else "https"
    return management_api(f"{scheme}://{domain}/{request['stage']}")


def post_bytes(event, connection_id, data):
    """Sends raw bytes to a connection; False when it is gone (410 GoneException)."""
    client = client_for(event)
    try:
        client.post_to_connection(ConnectionId=connection_id, Data=data)
        return True
    except client.exceptions.GoneException:
        return False


def post(event, connection_id, payload):
    """Sends `payload` as JSON to a connection; False when it is gone."""
    return post_bytes(event, connection_id, json.dumps(payload).encode())
