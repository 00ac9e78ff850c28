"""PyTorch reference of RecLab's CORE (src/RecLab/Training/Core/CoreModel.cs, after RecBole's CORE), for `reclab bench train`.

Reads the training prefixes RecLab exported (.npy) from DIR and trains the same model for one epoch after WARMUP
batches: item table shared by encoder and scorer, CORE-trm (post-LayerNorm transformer as RecBole writes it, causal
and padding masks, Linear(d, 1) weights) or CORE-ave, session and item dropout, cosine / temperature logits, full
softmax, Adam. Like RecLab, each batch is cut after its longest prefix (exact: prefixes are left-aligned and attention
is causal). Prints one JSON line: epoch_seconds, samples_per_second, threads, blas, torch version, final loss.

    /usr/bin/python3 tests/reference/core_reference.py DIR --variant trm --batch 2048 --threads 2
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Layer(nn.Module):
    def __init__(self, d, heads, inner, p_hidden, p_attn, eps):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value, self.dense = (nn.Linear(d, d) for _ in range(4))
        self.attention_norm, self.feed_forward_norm = nn.LayerNorm(d, eps=eps), nn.LayerNorm(d, eps=eps)
        self.attention_dropout, self.output_dropout, self.feed_forward_dropout = nn.Dropout(p_attn), nn.Dropout(p_hidden), nn.Dropout(p_hidden)
        self.dense_1, self.dense_2 = nn.Linear(d, inner), nn.Linear(inner, d)

    def forward(self, x, mask):
        b, l, d = x.shape
        split = lambda t: t.view(b, l, self.heads, d // self.heads).permute(0, 2, 1, 3)
        scores = split(self.query(x)) @ split(self.key(x)).transpose(-1, -2) / math.sqrt(d // self.heads) + mask
        context = (self.attention_dropout(scores.softmax(-1)) @ split(self.value(x))).permute(0, 2, 1, 3).reshape(b, l, d)
        attended = self.attention_norm(self.output_dropout(self.dense(context)) + x)
        return self.feed_forward_norm(self.feed_forward_dropout(self.dense_2(F.gelu(self.dense_1(attended)))) + attended)


class Core(nn.Module):
    def __init__(self, items, variant, d=64, layers=2, heads=2, inner=256, max_len=50, p_hidden=0.5, p_attn=0.5, eps=1e-12, temperature=0.07):
        super().__init__()
        self.variant, self.temperature = variant, temperature
        self.item_embedding = nn.Embedding(items, d, padding_idx=0)
        self.session_dropout, self.item_dropout, self.input_dropout = nn.Dropout(0.2), nn.Dropout(0.2), nn.Dropout(p_hidden)
        if variant == "trm":
            self.position_embedding = nn.Embedding(max_len, d)
            self.input_norm = nn.LayerNorm(d, eps=eps)
            self.layers = nn.ModuleList([Layer(d, heads, inner, p_hidden, p_attn, eps) for _ in range(layers)])
            self.fn = nn.Linear(d, 1)
        for p in self.parameters():
            p.data.uniform_(-1 / math.sqrt(d), 1 / math.sqrt(d))

    def forward(self, items):
        items = items[:, : max(1, int(items.gt(0).sum(1).max()))]
        x = self.session_dropout(self.item_embedding(items))
        real = items.gt(0)
        if self.variant == "ave":
            alpha = (real.float() / real.sum(-1, keepdim=True)).unsqueeze(-1)
        else:
            l = items.shape[1]
            h = self.input_dropout(self.input_norm(x + self.position_embedding(torch.arange(l).unsqueeze(0).expand_as(items))))
            mask = torch.where(torch.tril(real.unsqueeze(1).unsqueeze(2).expand(-1, -1, l, -1)), 0.0, -10000.0)
            for layer in self.layers:
                h = layer(h, mask)
            alpha = torch.softmax(torch.where(real.unsqueeze(-1), self.fn(h).double(), -9e15), dim=1, dtype=torch.float)
        return F.normalize((alpha * x).sum(1), dim=-1)

    def logits(self, sessions):
        return sessions @ F.normalize(self.item_dropout(self.item_embedding.weight), dim=-1).t() / self.temperature


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--variant", default="trm")
    p.add_argument("--batch", type=int, default=2048)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    prefix = torch.as_tensor(np.load(os.path.join(args.dir, "prefix.npy")))
    target = torch.as_tensor(np.load(os.path.join(args.dir, "target.npy")))
    meta = json.load(open(os.path.join(args.dir, "meta.json")))
    model = Core(meta["items"], args.variant, max_len=prefix.shape[1])
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    n = len(target)
    perm = torch.randperm(n, generator=torch.Generator().manual_seed(args.seed))

    def step(idx):
        loss = F.cross_entropy(model.logits(model(prefix[idx])), target[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    batches = (n + args.batch - 1) // args.batch
    for i in range(args.warmup):
        b = i % batches
        step(perm[b * args.batch: (b + 1) * args.batch])
    start = time.perf_counter()
    for s in range(0, n, args.batch):
        loss = step(perm[s: s + args.batch])
    loss = float(loss)
    seconds = time.perf_counter() - start
    link = "/etc/alternatives/libblas.so.3-x86_64-linux-gnu"
    print(json.dumps({"epoch_seconds": seconds, "samples_per_second": n / seconds, "threads": torch.get_num_threads(),
                      "blas": os.path.realpath(link) if os.path.exists(link) else "unknown", "torch": torch.__version__, "final_loss": loss}))


if __name__ == "__main__":
    main()
