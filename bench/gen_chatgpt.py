#!/usr/bin/env python3
"""Writes a synthetic ChatGPT data export as one zip: conversations.json (a top-level array of
conversation trees: `mapping` of nodes with parent/children, a null root, a hidden empty system
message, user and assistant turns, regenerated and edited branches off the visible thread,
`current_node` at the end of the thread), user.json, message_feedback.json and chat.html.

Usage: gen_chatgpt.py OUT_DIR TARGET_MB     (TARGET_MB: size of conversations.json)
Writes OUT_DIR/chatgpt-export.zip and OUT_DIR/expect. Synthetic content only.
"""

import json
import random
import sys

from benchlib import ZipOut, write_expect

T0 = 1_700_000_000.0
WORDS = ("the load path runs through each member of the truss so tension and compression alternate "
         "caf\u00e9 \u00e9t\u00e9 na\u00efve \u2014 \u201cquoted\u201d \u65e5\u672c\u8a9e code sqlite "
         "stream parse element window buffer memory bound \U0001f642 answer question example").split()


def words(rng, lo, hi):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def node(nid, parent, children, role, t, text, model=None, hidden=False):
    msg = None
    if role:
        meta = {"is_visually_hidden_from_conversation": True} if hidden else {"request_id": "req-" + nid}
        if model:
            meta = {"model_slug": model, "finish_details": {"type": "stop"}, "citations": []}
        msg = {"id": nid, "author": {"role": role, "name": None, "metadata": {}},
               "create_time": t, "update_time": None,
               "content": {"content_type": "text", "parts": [text]},
               "status": "finished_successfully", "end_turn": True if role == "assistant" else None,
               "weight": 0.0 if hidden else 1.0, "metadata": meta, "recipient": "all", "channel": None}
    return {"id": nid, "message": msg, "parent": parent, "children": children}


def conversation(rng, c):
    """One conversation and the number of message records it gives (non-empty messages)."""
    cid = "6%07x-aaaa-bbbb-cccc-%012x" % (c, c)
    t = T0 + c * 3600.123456
    mapping = {}
    root, sys_id = "root-%d" % c, "sys-%d" % c
    mapping[root] = node(root, None, [sys_id], None, None, None)
    mapping[sys_id] = node(sys_id, root, [], "system", None, "", hidden=True)
    parent, count, k = sys_id, 0, 0
    for turn in range(rng.randint(2, 24)):
        u = "u%d-%d" % (c, turn)
        mapping[parent]["children"].append(u)
        mapping[u] = node(u, parent, [], "user", t + k, words(rng, 5, 60) + " (%d)" % turn)
        k += 1
        count += 1
        if rng.random() < 0.08:  # an edited user turn: a sibling branch with its own answer
            e = u + "e"
            mapping[parent]["children"].insert(0, e)
            mapping[e] = node(e, parent, [e + "a"], "user", t + k, words(rng, 5, 40))
            mapping[e + "a"] = node(e + "a", e, [], "assistant", t + k + 1, words(rng, 40, 300), "gpt-4o")
            k += 2
            count += 2
        a = "a%d-%d" % (c, turn)
        if rng.random() < 0.10:  # a regenerated answer, left off the thread
            r = a + "r"
            mapping[u]["children"].append(r)
            mapping[r] = node(r, u, [], "assistant", t + k, words(rng, 40, 300), "gpt-4o")
            k += 1
            count += 1
        mapping[u]["children"].append(a)
        mapping[a] = node(a, u, [], "assistant", t + k, words(rng, 60, 600), "gpt-4o")
        k += 1
        count += 1
        parent = a
    conv = {"title": "Bench chat %d \u00e9t\u00e9" % c, "create_time": t, "update_time": t + k,
            "mapping": mapping, "moderation_results": [], "current_node": parent, "plugin_ids": None,
            "conversation_id": cid, "conversation_template_id": None, "gizmo_id": None, "is_archived": False,
            "safe_urls": [], "default_model_slug": "gpt-4o", "id": cid}
    return conv, count


def main(out, mb):
    rng = random.Random(6001)
    z = ZipOut("%s/chatgpt-export.zip" % out)
    e = z.open("conversations.json", big=True)
    target = int(mb * 1e6)
    e.write("[")
    n_conv = n_msg = 0
    buf, size = [], 0
    while e.written + size < target:
        conv, count = conversation(rng, n_conv)
        s = ("" if n_conv == 0 else ", ") + json.dumps(conv)
        buf.append(s)
        size += len(s)
        n_conv += 1
        n_msg += count
        if size > 1 << 20:
            e.write("".join(buf))
            buf, size = [], 0
    e.write("".join(buf) + "]")
    z.done(e)
    n_feedback = min(500, n_conv)
    z.put("message_feedback.json", json.dumps([
        {"id": "fb-%d" % i, "conversation_id": "6%07x-aaaa-bbbb-cccc-%012x" % (i, i), "user_id": "user-bench",
         "rating": "thumbsUp" if i % 3 else "thumbsDown", "create_time": "2024-06-01T10:00:%02d.000000+00:00" % (i % 60),
         "message_id": "a%d-0" % i, "content": json.dumps({"text": "ok %d" % i, "tags": []})}
        for i in range(n_feedback)]))
    z.put("user.json", json.dumps({"id": "user-bench", "email": "ana.bench@example.org", "chatgpt_plus_user": False,
                                   "birth_year": None, "phone_number": None}))
    z.put("chat.html", "<html><body><script>var jsonData = [];</script></body></html>\n")
    z.close()
    write_expect(out + "/expect", {"conversation": n_conv, "message": n_msg, "reaction": n_feedback, "profile": 1})
    print("   conversations.json: %d conversations, %d messages, %.0f MB" % (n_conv, n_msg, e.written / 1e6))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: gen_chatgpt.py OUT_DIR TARGET_MB")
    main(sys.argv[1], float(sys.argv[2]))
