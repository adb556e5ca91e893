#!/usr/bin/env python3
"""After a crash: the library holds no staging folder and every installed pack is complete
(each file the manifest lists has its size and BLAKE2b-256). Prints the installed version,
or 'none'. Usage: check_library.py DATA_DIR PACK_ID"""
import hashlib, os, re, sys

data, pack = sys.argv[1:3]
packs = os.path.join(data, 'packs')
left = [n for n in os.listdir(packs) if n.startswith('.staging-')] if os.path.isdir(packs) else []
if left:
    # a staging folder may remain until the next open; the next open must remove it
    print('staging-left')
d = os.path.join(packs, pack)
if not os.path.isdir(d):
    print('none')
    sys.exit(0)
man = open(os.path.join(d, 'lentera.xml')).read()
for path, size, digest in re.findall(r'<file path="([^"]+)" size="(\d+)" blake2b="([0-9a-f]+)"', man):
    body = open(os.path.join(d, path), 'rb').read()
    if len(body) != int(size) or hashlib.blake2b(body, digest_size=32).hexdigest() != digest:
        print('incomplete: ' + path)
        sys.exit(1)
print(re.search(r'<pack [^>]*\bversion="([^"]+)"', man).group(1))
