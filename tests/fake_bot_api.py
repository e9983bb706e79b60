"""A fake Telegram Bot API over HTTP on 127.0.0.1: records every call and serves queued updates."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Between Sessions", "username": "between_sessions_bot"}
RAW_KEYS = {"text", "caption", "parse_mode", "callback_query_id", "secret_token", "url"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    ok: bool = True


@dataclass
class FakeBotAPI:
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[tuple[int, str, dict[str, Any] | None]]] = field(default_factory=dict)
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _new_update: asyncio.Event = field(default_factory=asyncio.Event)
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    base_url: str = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}/bot"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # ---- what tests read -------------------------------------------------------------------------
    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Every sendMessage/sendDocument/sendPhoto call, optionally for one chat."""
        return [
            c.params
            for c in self.calls
            if c.ok
            and c.method in {"sendMessage", "sendDocument", "sendPhoto"}
            and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)
        ]

    def methods(self, name: str) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == name]

    # ---- what tests feed ---------------------------------------------------------------------------
    def next_update_id(self) -> int:
        return next(self._update_ids)

    def push_update(self, update: dict[str, Any]) -> None:
        self._updates.append(update)
        self._new_update.set()

    def fail_after(self, method: str, successes: int, status: int, description: str) -> None:
        """Let ``successes`` calls of ``method`` through, then fail the next one."""
        self.failures.setdefault(method, []).extend(
            [(0, "", None)] * successes + [(status, description, None)]
        )

    def fail(
        self, method: str, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        """Make the next call of ``method`` fail with an HTTP error."""
        self.failures.setdefault(method, []).append((status, description, parameters))

    # ---- the server --------------------------------------------------------------------------------
    async def _params(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            body = await request.json() if request.can_read_body else {}
            return dict(body or {})
        form = await request.post()
        params: dict[str, Any] = {}
        for key, value in form.items():
            if isinstance(value, web.FileField):
                params[key] = value.file.read()
            elif isinstance(value, bytes | bytearray):
                params[key] = bytes(value)
            elif key in RAW_KEYS:
                params[key] = value
            else:
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    params[key] = value
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        queued = self.failures.get(method)
        planned = queued.pop(0) if queued else None
        if planned is not None and planned[0] == 0:  # a planned success before a failure
            planned = None
        if method != "getUpdates":
            self.calls.append(Call(method, params, ok=planned is None))
        if planned is not None:
            status, description, parameters = planned
            body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
            if parameters:
                body["parameters"] = parameters
            return web.json_response(body, status=status)
        if method == "getUpdates":
            result: Any = await self._get_updates(params)
        else:
            result = self._result(method, params)
        return web.json_response({"ok": True, "result": result})

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates:
            self._new_update.clear()
            try:
                await asyncio.wait_for(
                    self._new_update.wait(), timeout=float(params.get("timeout") or 0) or 0.01
                )
            except TimeoutError:
                return []
        return list(self._updates)

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in {"sendMessage", "sendDocument", "sendPhoto", "editMessageText"}:
            chat_id = int(params["chat_id"])
            message: dict[str, Any] = {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                "from": BOT_USER,
            }
            if "text" in params:
                message["text"] = params["text"]
            return message
        return True
