#!/usr/bin/env python
"""Offline verification of the personal 建设码 on one core: what a gate does with the platform's public key and
nothing else (siteaccess_svc.codes.verify_token), as verifications per second of one thread, next to signing
and to the bare Ed25519 check.

``python bin/bench_codes.py [seconds] [--json]`` prints the figures; ``bin/bench`` reports them too
(``personal_codes``). The issue's target: at least 5,000 verifications per second on one core. The tokens are
fresh, distinct and valid (a gate's usual case); a forged one costs the same signature check.
"""

import base64
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "chassis"), str(ROOT / "siteaccess_svc")]

from cryptography.hazmat.primitives.serialization import load_pem_public_key  # noqa: E402

from siteaccess_svc.codes import CodeSigner, verify_token  # noqa: E402

TARGET_PER_S = 5_000


def pin_to_one_core():
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def rate(work, items, duration):
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < duration:
        for item in items:
            work(item)
        done += len(items)
    return done / (time.perf_counter() - started)


def measure(duration: float = 2.0) -> dict:
    pin_to_one_core()
    signer = CodeSigner(os.urandom(32))
    now = dt.datetime.now(dt.UTC)
    tokens = [signer.issue(person_id, now)["token"] for person_id in range(1, 1001)]
    gate_key = load_pem_public_key(signer.public_key_pem().encode())  # the gate holds only the public key
    verify_per_s = rate(lambda token: verify_token(gate_key, token, now), tokens, duration)
    # the signature check alone (OpenSSL), to show what the decoding and the expiry add
    signed = [(raw[9:], raw[:9]) for raw in (base64.urlsafe_b64decode(token + "==") for token in tokens)]
    raw_per_s = rate(lambda pair: gate_key.verify(*pair), signed, duration / 2)
    sign_per_s = rate(lambda person_id: signer.issue(person_id, now), range(1, 1001), duration / 2)
    return {"verify_per_s_one_core": round(verify_per_s), "signature_check_only_per_s": round(raw_per_s),
            "sign_per_s_one_core": round(sign_per_s),
            "token_chars": len(tokens[0]), "target_verify_per_s": TARGET_PER_S,
            "meets_target": verify_per_s >= TARGET_PER_S}


def print_codes(figures: dict):
    print("\npersonal 建设码 (offline, one core)")
    print(f"  verifications/s  {figures['verify_per_s_one_core']:>8,}   (target ≥ {figures['target_verify_per_s']:,})")
    print(f"  of which the Ed25519 check alone {figures['signature_check_only_per_s']:,}/s")
    print(f"  signatures/s     {figures['sign_per_s_one_core']:>8,}")
    print(f"  token            {figures['token_chars']:>8} characters")


if __name__ == "__main__":
    arguments = [arg for arg in sys.argv[1:] if arg != "--json"]
    figures = measure(float(arguments[0]) if arguments else 2.0)
    if "--json" in sys.argv:
        print(json.dumps(figures))
    else:
        print_codes(figures)
