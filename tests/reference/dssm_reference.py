"""PyTorch reference of RecLab's DSSM (src/RecLab/Training/Dssm/DssmModel.cs), for `reclab bench train`.

Reads the training tensors RecLab exported (.npy) from DIR, builds the same model (track and artist embeddings in
both towers, genre and popularity in the item tower, one-hidden-layer MLPs, in-batch softmax with log-frequency
correction and duplicate masking, Adam), trains BATCHES steps of BATCH examples after WARMUP steps, and prints one
JSON line: samples_per_second, threads, blas, torch version, final loss.

    /usr/bin/python3 tests/reference/dssm_reference.py DIR --batch 512 --batches 200 --warmup 20 --threads 2
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def blas_name():
    link = "/etc/alternatives/libblas.so.3-x86_64-linux-gnu"
    return os.path.realpath(link) if os.path.exists(link) else "unknown"


def mlp(inp, hidden, out):
    layers, width = [], inp
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU()]
        width = h
    layers.append(nn.Linear(width, out))
    return nn.Sequential(*layers)


class Dssm(nn.Module):
    def __init__(self, track_artist, track_genre, popularity, artists, genres, e=64, a=32, g=16, hidden=128, d=64, temperature=0.05):
        super().__init__()
        tracks = len(track_genre)
        self.tracks, self.temperature = tracks, temperature
        self.history = nn.Embedding(tracks + 1, e, padding_idx=tracks)
        self.history_artist = nn.Embedding(artists + 1, a, padding_idx=artists)
        self.track = nn.Embedding(tracks, e)
        self.artist = nn.Embedding(artists, a)
        self.genre = nn.Embedding(genres, g)
        self.user_tower = mlp(e + a, [hidden], d)
        self.item_tower = mlp(e + a + g + 1, [hidden], d)
        self.register_buffer("track_genre", torch.as_tensor(track_genre, dtype=torch.long))
        self.register_buffer("track_artist", torch.as_tensor(np.append(track_artist, artists), dtype=torch.long))
        self.register_buffer("track_popularity", torch.as_tensor(popularity, dtype=torch.float32).unsqueeze(1))

    def users(self, hist):
        real = hist.ne(self.tracks).unsqueeze(-1).float()
        emb = torch.cat([self.history(hist), self.history_artist(self.track_artist[hist])], -1)
        mean = emb.sum(1) / real.sum(1).clamp_min(1)
        return F.normalize(self.user_tower(mean), dim=-1)

    def items(self, ids):
        x = torch.cat([self.track(ids), self.artist(self.track_artist[ids]), self.genre(self.track_genre[ids]), self.track_popularity[ids]], 1)
        return F.normalize(self.item_tower(x), dim=-1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--batch", type=int, default=512)
    p.add_argument("--batches", type=int, default=200)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    load = lambda name: np.load(os.path.join(args.dir, name))
    history, target, logq = torch.as_tensor(load("history.npy")), torch.as_tensor(load("target.npy")), torch.as_tensor(load("logq.npy"))
    meta = json.load(open(os.path.join(args.dir, "meta.json")))
    model = Dssm(load("track_artist.npy"), load("track_genre.npy"), load("popularity.npy"), meta["artists"], meta["genres"])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    perm = torch.randperm(len(target), generator=torch.Generator().manual_seed(args.seed))
    n = len(target)

    def step(i):
        idx = perm[(i * args.batch) % max(1, n - args.batch):][: args.batch]
        t = target[idx]
        u, v = model.users(history[idx]), model.items(t)
        logits = u @ v.t() / model.temperature - logq[t].unsqueeze(0)
        same = t.unsqueeze(1).eq(t.unsqueeze(0)) & ~torch.eye(len(t), dtype=torch.bool)
        loss = F.cross_entropy(logits.masked_fill(same, float("-inf")), torch.arange(len(t)))
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss

    for i in range(args.warmup):
        step(i)
    start = time.perf_counter()
    for i in range(args.batches):
        loss = step(args.warmup + i)
    loss = float(loss)
    seconds = time.perf_counter() - start
    print(json.dumps({"samples_per_second": args.batches * args.batch / seconds, "seconds": seconds, "threads": torch.get_num_threads(),
                      "blas": blas_name(), "torch": torch.__version__, "final_loss": loss}))


if __name__ == "__main__":
    main()
