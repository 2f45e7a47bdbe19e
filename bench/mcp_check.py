#!/usr/bin/env python3
# Times `designdoc mcp`'s check tool: 50 calls on docs/design/0001 over stdio,
# from a client speaking JSON-RPC. Usage: bench/mcp_check.py BINARY (run in
# the repository root).
import json, subprocess, sys, time, statistics
p = subprocess.Popen([sys.argv[1], "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
def req(i, method, params):
    p.stdin.write(json.dumps({"jsonrpc":"2.0","id":i,"method":method,"params":params})+"\n"); p.stdin.flush()
    while True:
        m = json.loads(p.stdout.readline())
        if m.get("id") == i: return m
req(0, "initialize", {"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}})
p.stdin.write(json.dumps({"jsonrpc":"2.0","method":"notifications/initialized"})+"\n"); p.stdin.flush()
ts=[]
for i in range(1, 51):
    t=time.perf_counter(); r=req(i,"tools/call",{"name":"check","arguments":{"doc":"1"}}); ts.append((time.perf_counter()-t)*1000)
    assert not r["result"].get("isError"), r
print(f"check: median {statistics.median(ts):.1f} ms, p90 {sorted(ts)[44]:.1f} ms over {len(ts)}")
p.kill()
