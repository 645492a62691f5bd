"""Shuffled epochs as a training job reads them: a stock PyTorch DataLoader(shuffle=True, num_workers=4,
batch_size=64) over every file under a folder, each sample the file's bytes. Usage: shuffle_epochs.py ROOT EPOCHS
[PLAN]. With PLAN, each epoch's sampler draws its order first, writes it to the file PLAN (a path a line, relative to
ROOT) and gives it to the datafs mount as its read plan (asking ROOT for user.datafs.readplan=PLAN), all timed with the
epoch. Prints JSON: the listing's seconds, then each epoch's seconds and files, and the bytes read in all."""
import json
import os
import sys
import time

import torch
from torch.utils.data import DataLoader, Dataset


class FileBytes(Dataset):
    def __init__(self, paths):
        self.paths = paths

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        with open(self.paths[i], "rb") as f:
            return len(f.read())


def main():
    root, epochs = sys.argv[1], int(sys.argv[2])
    plan = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else None
    start = time.monotonic()
    paths = sorted(os.path.join(d, n) for d, _, names in os.walk(root) for n in names)
    listing = time.monotonic() - start
    loader = DataLoader(FileBytes(paths), shuffle=True, num_workers=4, batch_size=64)
    times, read = [], 0
    for _ in range(epochs):
        start = time.monotonic()
        if plan:
            order = torch.randperm(len(paths)).tolist()
            with open(plan, "w") as f:
                f.writelines(os.path.relpath(paths[i], root) + "\n" for i in order)
            os.getxattr(root, "user.datafs.readplan=" + plan)
            loader = DataLoader(FileBytes(paths), sampler=order, num_workers=4, batch_size=64)
        for batch in loader:
            read += int(torch.sum(batch))
        times.append(time.monotonic() - start)
    json.dump({"listing": listing, "epochs": times, "files": len(paths), "bytes": read}, sys.stdout)


if __name__ == "__main__":
    main()
