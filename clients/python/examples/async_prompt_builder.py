#!/usr/bin/env python3
"""An asyncio prompt builder on top of `insightgraph serve`, shaped like a discord.py bot.

Every incoming message goes through ``on_message`` (the handler discord.py calls); it asks the
service for the character's relevant self-knowledge with ``AsyncClient.retrieve`` and puts the
rendered section (``answer.prompt``) into the system prompt it would hand to the language model.
No discord is needed: ``FakeMessage``/``FakeChannel`` stand in for ``discord.Message`` and its
channel, and the "reply" prints the prompt. Messages are handled concurrently, as a bot on a busy
server would, over one shared client (one connection pool).

    insightgraph serve --port 8187 --token-file token.txt &
    python3 examples/async_prompt_builder.py --url http://127.0.0.1:8187 --character elena \\
        --token-file token.txt "I went diving on the reef today" "Do you remember the gray whales?"

With no messages on the command line, each line of standard input is one message.
The token may also come from INSIGHTGRAPH_TOKEN. Needs: pip install ./clients/python
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
from dataclasses import dataclass, field
from typing import List, Optional

from insightgraph_client import AsyncClient, InsightGraphError, RetryConfig


# MARK: stand-ins for discord.py's objects (only what the handler touches)


@dataclass
class FakeAuthor:
    name: str
    bot: bool = False


@dataclass
class FakeChannel:
    name: str
    sent: List[str] = field(default_factory=list)

    async def send(self, content: str) -> None:
        self.sent.append(content)


@dataclass
class FakeMessage:
    content: str
    author: FakeAuthor
    channel: FakeChannel


# MARK: the prompt builder


class PromptBuilder:
    """Builds a system prompt per message: persona text, then what the character has learned
    about itself that is relevant to this message (from the service), then house rules."""

    def __init__(self, client: AsyncClient, character: str, persona: str, limit: int = 8) -> None:
        self.client = client
        self.character = character
        self.persona = persona
        self.limit = limit

    async def system_prompt(self, message: str) -> str:
        parts = [self.persona]
        try:
            answer = await self.client.retrieve(character=self.character, message=message, limit=self.limit)
        except InsightGraphError as error:
            # Retrieval makes the character know itself better; without it the bot still answers.
            print(f"[retrieval unavailable: {error}; answering without it]", file=sys.stderr)
        else:
            if answer.prompt:
                parts.append(answer.prompt)
        parts.append("Stay in character. Answer in one or two short paragraphs.")
        return "\n\n".join(parts)


class Bot:
    """What a ``discord.Client`` subclass would look like: ``on_message`` is the event handler."""

    def __init__(self, builder: PromptBuilder) -> None:
        self.builder = builder

    async def on_message(self, message: FakeMessage) -> None:
        if message.author.bot:  # never answer bots (including ourselves)
            return
        system = await self.builder.system_prompt(message.content)
        # A real bot would now call its language model with [system, user] and send the reply.
        await message.channel.send(f"--- system prompt ---\n{system}\n--- user ({message.author.name}) ---\n{message.content}")


# MARK: command line


def _token(args: argparse.Namespace) -> Optional[str]:
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as f:
            return f.read().strip()
    return os.environ.get("INSIGHTGRAPH_TOKEN") or None


async def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("INSIGHTGRAPH_URL", "http://127.0.0.1:8187"))
    parser.add_argument("--character", required=True, help="normalized_name, e.g. elena")
    parser.add_argument("--token-file", help="file holding the bearer token (else $INSIGHTGRAPH_TOKEN)")
    parser.add_argument("--limit", type=int, default=8, help="insights to retrieve per message")
    parser.add_argument("--timeout", type=float, default=2.0, help="seconds per request")
    parser.add_argument("messages", nargs="*", help="messages (default: one per line of standard input)")
    args = parser.parse_args(argv)
    messages = args.messages or [line.strip() for line in sys.stdin if line.strip()]

    channel = FakeChannel("general")
    async with AsyncClient(args.url, token=_token(args), timeout=args.timeout,
                           retry=RetryConfig(max_attempts=2, initial_backoff=0.1)) as client:
        bot = Bot(PromptBuilder(client, args.character,
                                persona=f"You are {args.character.title()}, chatting with friends on a Discord server."))
        await asyncio.gather(*(bot.on_message(FakeMessage(text, FakeAuthor(f"user{i}"), channel))
                               for i, text in enumerate(messages)))
    for reply in channel.sent:
        print(reply)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
