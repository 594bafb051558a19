"""`presswatch serve`: the web UI and JSON API of a project."""

from __future__ import annotations

import click

from presswatch.cli.common import project_option, user_errors
from presswatch.project import Project


@click.command("serve")
@click.option("--host", default=None, metavar="ADDR",
              help="Address to listen on (default: [serve] host, 127.0.0.1). Beyond loopback a login is required.")
@click.option("--port", default=None, type=click.IntRange(1, 65535), help="Port (default: [serve] port, 8765).")
@click.option("--hash-secret", is_flag=True,
              help="Ask for a password or token, print the auth_hash line for presswatch.toml, and exit.")
@project_option
@user_errors
def serve(project: Project, host: str | None, port: int | None, hash_secret: bool) -> None:
    """Serve the web UI (inbox, units, search, entities, digest editor) and the JSON API.

    \b
    Open the printed address in a browser; the API is under /api/ (OpenAPI: /api/openapi.json).
    Localhost only by default. To listen on other addresses, configure a login first:
      presswatch serve --hash-secret        # prints:  auth_hash = "pbkdf2_sha256$..."
    put that line under [serve] in presswatch.toml, then e.g. `presswatch serve --host 0.0.0.0`.
    API clients send the secret as `Authorization: Bearer <secret>`.
    """
    from presswatch.web.security import AuthConfigError, check_bind
    from presswatch.web.security import hash_secret as make_hash

    if hash_secret:
        secret = click.prompt("password or token", hide_input=True, confirmation_prompt=True)
        click.echo("[serve]")
        click.echo(f'auth_hash = "{make_hash(secret)}"')
        return
    host = host or str(project.config.get("serve.host", "127.0.0.1"))
    port = port or int(project.config.get("serve.port", 8765))
    auth_hash = str(project.config.get("serve.auth_hash") or "") or None
    try:
        check_bind(host, auth_hash)
    except AuthConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    import uvicorn

    from presswatch.web import create_app

    app = create_app(project, auth_hash=auth_hash)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"presswatch serving {project.root} at http://{shown}:{port}/ "
               f"({'login required' if auth_hash else 'no login: loopback only'}); Ctrl+C stops", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)


commands = [serve]
