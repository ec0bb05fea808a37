"""The language of the public checks' messages (nnkit.exercise): chosen by the notebook or the environment."""

import os
import subprocess
import sys

import pytest

from nnkit import exercise


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("LANG", "LC_ALL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NNKIT_LANG", "")  # unset; set_language's change is undone after the test
    return monkeypatch


@pytest.mark.parametrize("env, expected", [
    ({}, "en"),
    ({"LANG": "ko_KR.UTF-8"}, "ko"),
    ({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "ko_KR.UTF-8", "NNKIT_LANG": "en"}, "en"),
    ({"NNKIT_LANG": "ko"}, "ko"),
    ({"NNKIT_LANG": "fr", "LANG": "ko_KR.UTF-8"}, "ko"),
])
def test_the_language_comes_from_the_notebook_else_the_locale_else_english(clean_env, env, expected):
    for name, value in env.items():
        clean_env.setenv(name, value)
    assert exercise.language() == expected


def test_set_language_reaches_the_commands_the_kernel_starts_and_refuses_other_languages(clean_env):
    exercise.set_language("ko")

    child = subprocess.run([sys.executable, "-c", "from nnkit.exercise import language; print(language())"],
                           capture_output=True, text=True, env=dict(os.environ), check=True)
    assert child.stdout.strip() == "ko"
    with pytest.raises(ValueError, match=r"set_language\('kr'\): expected one of 'en', 'ko'"):
        exercise.set_language("kr")


def test_say_translates_then_fills_and_keeps_english_it_has_no_translation_for(clean_env, capsys):
    clean_env.setenv("NNKIT_LANG", "ko")
    exercise.public_checks_passed("Part 9: nothing")
    printed = capsys.readouterr().out
    assert printed.startswith("Part 9: nothing: ") and "공개 테스트를 통과했다" in printed
    assert exercise.say("no such sentence {n}", n=3) == "no such sentence 3"
    clean_env.setenv("NNKIT_LANG", "en")
    exercise.public_checks_passed("Part 9: nothing")
    assert capsys.readouterr().out.startswith("Part 9: nothing: the public checks pass.")
