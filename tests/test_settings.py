"""Every KB_* value is range-checked: one clear line naming the variable and its range, never a traceback."""

from __future__ import annotations

import pytest

from kb.settings import Settings, SettingsError
from tests.serving import free_port, kb


@pytest.mark.parametrize(("env", "named"), [
    ({"KB_TOP_K": "0"}, "KB_TOP_K=0 is out of range: passages retrieved, 1–100"),
    ({"KB_TOP_K": "-3"}, "KB_TOP_K=-3"),
    ({"KB_KIOSK_IDLE_SECONDS": "-1"}, "KB_KIOSK_IDLE_SECONDS=-1 is out of range: seconds, at least 1"),
    ({"KB_EMBED_THREADS": "-5"}, "KB_EMBED_THREADS=-5 is out of range"),
    ({"KB_PORT": "99999"}, "KB_PORT=99999 is out of range: a TCP port, 1–65535"),
    ({"KB_PORT": "0"}, "KB_PORT=0"),
    ({"KB_RELOAD_SECONDS": "-1"}, "KB_RELOAD_SECONDS=-1.0 is out of range"),
    ({"KB_RELOAD_SECONDS": "nan"}, "KB_RELOAD_SECONDS=nan"),
    ({"KB_CHUNK_SIZE": "5"}, "KB_CHUNK_SIZE=5 is out of range: characters per chunk, 20–4000"),
    ({"KB_HOST": "no such host"}, "KB_HOST='no such host' is not an address to listen on"),
    ({"KB_HOST": "http://0.0.0.0"}, "KB_HOST='http://0.0.0.0'"),
    ({"KB_ALLOWED_HOSTS": "bridgehead.example, http://x"}, "KB_ALLOWED_HOSTS holds 'http://x'"),
])
def test_an_out_of_range_value_is_one_line_naming_the_variable(env, named):
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    assert str(caught.value).startswith(named) and "\n" not in str(caught.value)


def test_values_in_range_are_taken():
    s = Settings.from_env({"KB_TOP_K": "1", "KB_PORT": "65535", "KB_EMBED_THREADS": "0", "KB_RELOAD_SECONDS": "0",
                           "KB_KIOSK_IDLE_SECONDS": "1", "KB_HOST": "::1",
                           "KB_ALLOWED_HOSTS": "*.example.org,10.0.0.5"})
    assert (s.top_k, s.port, s.embed_threads, s.reload_seconds, s.host) == (1, 65535, 0, 0.0, "::1")
    assert not hasattr(s, "min_score") and not hasattr(s, "extra")  # dead fields are gone


@pytest.mark.parametrize(("env", "message"), [
    ({"KB_PORT": "99999"}, "KB_PORT=99999 is out of range"),
    ({"KB_EMBED_THREADS": "-5"}, "KB_EMBED_THREADS=-5 is out of range"),
    ({"KB_TOP_K": "0"}, "KB_TOP_K=0 is out of range"),
    ({"KB_HOST": "nosuchhost.invalid"}, "KB_HOST='nosuchhost.invalid' is not an address of this machine"),
    ({"KB_HOST": "192.0.2.1"}, "KB_HOST='192.0.2.1': cannot listen there"),
])
def test_the_commands_say_it_in_one_line(indexed_settings, env, message):
    out = kb("serve", env={"KB_DATA_DIR": str(indexed_settings.data_dir), "KB_PORT": str(free_port()), **env},
             timeout=240)
    assert out.returncode != 0 and message in out.stderr and "Traceback" not in out.stderr, out.stderr


def test_a_port_in_use_is_named(indexed_settings):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = kb("serve", env={"KB_DATA_DIR": str(indexed_settings.data_dir), "KB_PORT": str(port)}, timeout=240)
    assert out.returncode != 0 and f"KB_PORT={port}: the port is in use" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr


def test_every_chunk_size_the_readme_lists_ingests(tmp_path):
    """160 failed in the Mongolian alignment ("no aligned mn sentence"): a short chunk held only the two
    halves of a sentence cut at a "……" gap."""
    for size in ("160", "220", "450"):
        out = kb("ingest", "--quiet", "--chunk-size", size, env={"KB_DATA_DIR": str(tmp_path / size)})
        assert out.returncode == 0 and "Traceback" not in out.stderr, (size, out.stderr[-500:])
