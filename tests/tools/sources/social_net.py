"""A small stateful social network, written the way a third-party SDK is: plain methods, no dive-tasks code.

The tests import it as a source (``tools.modules: [social_net:Network]``) with the vocabulary in
``social_net.yaml``.
"""

from __future__ import annotations

from typing import TypedDict

_PEOPLE = {
    "dana": ("Lisbon", "erin"), "erin": ("Nairobi", "farid"), "farid": ("Osaka", "gwen"),
    "gwen": ("Lima", "hugo"), "hugo": ("Oslo", "dana"), "ines": ("Quito", "dana"),
}
_FOLLOWS = {("dana", "erin"), ("erin", "dana"), ("erin", "farid"), ("farid", "gwen"), ("gwen", "hugo"),
            ("hugo", "dana"), ("ines", "dana"), ("ines", "gwen")}
_GROUPS = {"dana": "hikers", "erin": "chess club", "farid": "hikers", "gwen": "book club", "hugo": "chess club",
           "ines": "book club"}
_FOUNDED = {"hikers": 2015, "chess club": 2009, "book club": 2019}
_CITIES = {"Lisbon": ("Portugal", 545_000), "Nairobi": ("Kenya", 4_397_000), "Osaka": ("Japan", 2_752_000),
           "Lima": ("Peru", 9_750_000), "Oslo": ("Norway", 709_000), "Quito": ("Ecuador", 2_800_000)}


class Profile(TypedDict):
    city: str
    group: str
    best_friend: str
    followers_count: int
    following_count: int
    posts_count: int


class GroupInfo(TypedDict):
    members_count: int
    founded: int


class CityFacts(TypedDict):
    country: str
    population: int


class Network:
    """A social network: people, who follows whom, and their posts."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Back to the starting state."""
        self.follows = set(_FOLLOWS)
        self.homes = {name: city for name, (city, _) in _PEOPLE.items()}
        self.posts: dict[int, tuple[str, str]] = {1: ("dana", "hello"), 2: ("erin", "hi all")}
        self.next_post = 3
        self.guests = {group: 0 for group in _FOUNDED}

    def list_people(self) -> list[str]:
        """Every username on the network."""
        return sorted(_PEOPLE)

    def get_profile(self, username: str) -> Profile:
        """A person's profile: home city, best friend, follower and post counts."""
        if username not in _PEOPLE:
            raise KeyError(f"no user {username!r}")
        friend = _PEOPLE[username][1]
        return {"city": self.homes[username], "group": _GROUPS[username], "best_friend": friend,
                "followers_count": sum(1 for _, b in self.follows if b == username),
                "following_count": sum(1 for a, _ in self.follows if a == username),
                "posts_count": sum(1 for who, _ in self.posts.values() if who == username)}

    def group_info(self, group: str) -> GroupInfo:
        """How many members a group has, and the year it was founded."""
        if group not in _FOUNDED:
            raise KeyError(f"no group {group!r}")
        members = sum(1 for g in _GROUPS.values() if g == group) + self.guests[group]
        return {"members_count": members, "founded": _FOUNDED[group]}

    def invite_member(self, username: str) -> dict[str, int]:
        """A person brings one new member into their group; returns the group's new size."""
        group = _GROUPS[username]
        self.guests[group] += 1
        return {"members_count": sum(1 for g in _GROUPS.values() if g == group) + self.guests[group]}

    def city_facts(self, city: str) -> CityFacts:
        """The country and population of a city where people on the network live."""
        country, population = _CITIES[city]
        return {"country": country, "population": population}

    def follow_user(self, follower: str, followee: str) -> dict[str, bool]:
        """Make one person follow another."""
        if follower not in _PEOPLE or followee not in _PEOPLE or follower == followee:
            raise ValueError("unknown user or self-follow")
        self.follows.add((follower, followee))
        return {"ok": True}

    def move_to(self, username: str, city: str) -> dict[str, bool]:
        """Change the home city of a person."""
        if username not in _PEOPLE or city not in _CITIES:
            raise KeyError("unknown user or city")
        self.homes[username] = city
        return {"ok": True}

    def unfollow_user(self, follower: str, followee: str) -> dict[str, bool]:
        """Make one person stop following another."""
        self.follows.discard((follower, followee))
        return {"ok": True}

    def write_post(self, username: str, text: str) -> dict[str, int]:
        """Publish a post; returns its id."""
        if username not in _PEOPLE:
            raise KeyError(f"no user {username!r}")
        self.posts[self.next_post] = (username, text)
        self.next_post += 1
        return {"post_id": self.next_post - 1}
