"""Changes a dataset folder the way a data script would: new files, edits in place, an append, a delete, a move."""
import json
import os
import random
import sys

root = sys.argv[1]
rnd = random.Random(7)
new_dir = os.path.join(root, "cat", "generated")
os.makedirs(new_dir, exist_ok=True)
for i in range(20):
    with open(os.path.join(new_dir, f"gen_{i}.jpg"), "wb") as f:
        f.write(rnd.randbytes(5000 + i * 700))
for rel in ["dog/img_1.jpg", "cat/img_2.jpg"]:
    with open(os.path.join(root, rel), "r+b") as f:
        f.seek(100)
        f.write(b"EDITED")
with open(os.path.join(root, "dog/img_4.jpg"), "ab") as f:
    f.write(b"tail")
os.remove(os.path.join(root, "cat/img_5.jpg"))
os.rename(os.path.join(root, "dog/img_7.jpg"), os.path.join(root, "dog/sub/moved.jpg"))
print(json.dumps({"done": True}))
