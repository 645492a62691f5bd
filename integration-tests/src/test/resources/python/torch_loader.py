"""An unchanged-style training input pipeline: an image-folder dataset read by a PyTorch DataLoader with
worker processes. Prints {relative path: [label, sha256 of the bytes the workers returned]} as JSON.
Usage: torch_loader.py ROOT WORKERS [PLAN]: with PLAN, the sampler draws the epoch's order first, writes it to the
file PLAN (a path a line, relative to ROOT) and hands it to the mount as its read plan (asking its root for user.datafs.readplan=PLAN)."""
import hashlib
import json
import os
import sys

import torch
from torch.utils.data import DataLoader, Dataset


class ImageFolderBytes(Dataset):
    """Like torchvision's ImageFolder: one class per subdirectory, samples are the raw file bytes."""

    def __init__(self, root):
        self.root = root
        self.classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
        self.samples = []
        for label, cls in enumerate(self.classes):
            for dirpath, _, names in os.walk(os.path.join(root, cls)):
                for name in sorted(names):
                    self.samples.append((os.path.join(dirpath, name), label))

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, i):
        path, label = self.samples[i]
        with open(path, "rb") as f:
            data = f.read()
        return torch.frombuffer(bytearray(data), dtype=torch.uint8), label, os.path.relpath(path, self.root)


def main():
    dataset = ImageFolderBytes(sys.argv[1])
    if len(sys.argv) > 3:
        order = torch.randperm(len(dataset)).tolist()
        with open(sys.argv[3], "w") as plan:
            plan.writelines(os.path.relpath(dataset.samples[i][0], sys.argv[1]) + "\n" for i in order)
        os.getxattr(sys.argv[1], "user.datafs.readplan=" + os.path.abspath(sys.argv[3]))
        loader = DataLoader(dataset, batch_size=None, sampler=order, num_workers=int(sys.argv[2]))
    else:
        loader = DataLoader(dataset, batch_size=None, shuffle=True, num_workers=int(sys.argv[2]))
    seen = {}
    for tensor, label, rel in loader:
        seen[rel] = [int(label), hashlib.sha256(tensor.numpy().tobytes()).hexdigest()]
    json.dump(seen, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
