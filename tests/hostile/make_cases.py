#!/usr/bin/env python3
"""Writes hostile variants of a real pack, one .lentera file per case, for run.sh.

Usage: make_cases.py GOOD.lentera SECKEY OTHER_SECKEY OUT_DIR
GOOD.lentera is a pack built by lentera-pack; SECKEY signs re-signed manifests (minisign,
as a publisher would), OTHER_SECKEY is a key the player does not trust. Writes
OUT_DIR/<case>.lentera and OUT_DIR/cases.tsv: case, where (verify|import|both), and the
text the refusal must contain (alternatives separated by '|').
"""
import hashlib, io, os, re, subprocess, sys, tempfile, zipfile

good, seckey, other, out = sys.argv[1:5]
os.makedirs(out, exist_ok=True)
src = zipfile.ZipFile(good)
order = [i.filename for i in src.infolist()]
files = {n: src.read(n) for n in order}
manifest = files['lentera.xml'].decode()
tsv = []


def b2(data):
    return hashlib.blake2b(data, digest_size=32).hexdigest()


def sign(text, key=seckey, comment=None):
    if comment is None:
        m = re.search(r'id="([^"]*)" version="([^"]*)"', text)
        created = re.search(r'created="([^"]*)"', text).group(1)
        import datetime
        t = int(datetime.datetime.strptime(created, '%Y-%m-%dT%H:%M:%SZ')
                .replace(tzinfo=datetime.timezone.utc).timestamp())
        comment = f'lentera id={m.group(1)} version={m.group(2)} created={t}'
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, 'lentera.xml')
        open(p, 'wb').write(text.encode('utf-8', 'surrogateescape'))
        subprocess.run(['minisign', '-S', '-s', key, '-m', p, '-t', comment],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return open(p + '.minisig', 'rb').read()


def redigest(text, path, data):
    """The manifest with `path`'s size and digest set for `data`."""
    return re.sub(r'(<file path="%s" size=")\d+(" blake2b=")[0-9a-f]+' % re.escape(path),
                  lambda m: f'{m.group(1)}{len(data)}{m.group(2)}{b2(data)}', text)


def write(case, entries, where, expect, raw=None):
    """entries: list of (name, bytes, kind) with kind in file|symlink|dir|chardev."""
    path = os.path.join(out, case + '.lentera')
    if raw is not None:
        open(path, 'wb').write(raw)
    else:
        with zipfile.ZipFile(path, 'w') as z:
            for name, data, kind in entries:
                zi = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                zi.compress_type = zipfile.ZIP_DEFLATED
                mode = {'file': 0o100644, 'symlink': 0o120777, 'dir': 0o040755,
                        'chardev': 0o020644}[kind]
                zi.external_attr = mode << 16
                zi.create_system = 3
                z.writestr(zi, data)
    tsv.append(f'{case}\t{where}\t{expect}')


def pack(replace=None, extra=(), drop=(), first=None, man=None, sig=None):
    """The good pack's entries with changes."""
    replace = replace or {}
    names = list(order)
    if first:
        names.remove(first)
        names.insert(0, first)
    ents = []
    for n in names:
        if n in drop:
            continue
        data = files[n]
        if n == 'lentera.xml' and man is not None:
            data = man.encode('utf-8', 'surrogateescape')
        if n == 'lentera.xml.minisig' and sig is not None:
            data = sig
        ents.append((n, replace.get(n, data), 'file'))
    ents.extend(extra)
    return ents


lesson = next(n for n in order if n.startswith('lessons/'))
quiz = next(n for n in order if n.startswith('quizzes/tes-akhir'))
media_like = next(n for n in order if n.startswith('cheatsheets/') and n.endswith('.pdf'))

def resigned(text):
    return pack(man=text, sig=sign(text))

# paths and entry types
write('traversal', pack(extra=[('../evil.txt', b'x', 'file')]), 'both', 'unsafe path')
write('absolute', pack(extra=[('/tmp/lentera-evil', b'x', 'file')]), 'both', 'unsafe path')
write('drive-letter', pack(extra=[('C:/evil.txt', b'x', 'file')]), 'both', 'unsafe path')
# libarchive reads a backslash as a folder separator, so this one is simply not listed
write('backslash', pack(extra=[('media\\evil.png', b'x', 'file')]), 'both', 'unsafe path|not listed')
write('control-char', pack(extra=[('media/a\x01.png', b'x', 'file')]), 'both', 'unsafe path')
write('long-path', pack(extra=[('media/' + 'a' * 300, b'x', 'file')]), 'both', 'unsafe path')
# a streamed zip has no file types (they live in the central directory): a link arrives as
# a file holding its target's name, and is refused as an unlisted entry; a listed one would
# only ever be written as an ordinary file (O_NOFOLLOW, O_EXCL)
write('symlink', pack(extra=[('media/link', b'/etc/passwd', 'symlink')]), 'both',
      'not a regular file|not listed')
write('directory', pack(extra=[('media/dir/', b'', 'dir')]), 'both', 'not a regular file|unsafe path')
write('device', pack(extra=[('media/dev', b'', 'chardev')]), 'both', 'not a regular file|not listed')
# the manifest's list
write('unlisted', pack(extra=[('media/extra.png', b'PNG', 'file')]), 'both', 'not listed in the manifest')
write('missing', pack(drop=[lesson]), 'both', 'listed in the manifest but missing')
import warnings
warnings.simplefilter('ignore')  # zipfile warns about the duplicate on purpose
write('twice', pack(extra=[(lesson, files[lesson], 'file')]), 'both', 'appears twice')
write('larger', pack(replace={lesson: files[lesson] + b'<!-- more -->'}), 'both', 'larger than the')
write('changed', pack(replace={lesson: files[lesson].replace(b'Kalimat', b'Kaliman')}), 'both',
      'does not match its digest')
huge = re.sub(r'(<file path="%s" size=")\d+' % re.escape(lesson), r'\g<1>9223372036854775807', manifest)
write('huge-size', resigned(huge), 'both', 'but the manifest declares|too large')
bomb = b'\0' * (60 * 1024 * 1024)
bomb_man = redigest(manifest, media_like, bomb[:1000])
write('zip-bomb', pack(man=bomb_man, sig=sign(bomb_man), replace={media_like: bomb}), 'both',
      'larger than the 1000 bytes')
# the archive itself
whole = open(good, 'rb').read()
write('truncated', None, 'both', 'cannot be read|not a valid pack|not a Lentera pack|missing|truncated',
      raw=whole[:len(whole) * 2 // 3])
write('not-zip', None, 'both', 'not a Lentera pack', raw=os.urandom(4096))
write('empty', None, 'both', 'not a Lentera pack|not a valid pack|missing', raw=b'')
write('manifest-not-first', pack(first=lesson), 'both', "entry 1 must be 'lentera.xml'")
write('no-signature', pack(drop=['lentera.xml.minisig']), 'both', "entry 2 must be 'lentera.xml.minisig'")
write('bad-signature', pack(sig=b'untrusted comment: x\nnot base64!!\n'), 'both',
      'not a minisign signature')
write('untrusted-key', pack(sig=sign(manifest, key=other)), 'both', 'not a trusted key')
other_man = manifest.replace('Perjalanan Uji', 'Perjalanan Palsu')
write('other-manifest', pack(sig=sign(other_man)), 'both', 'signature does not match')
write('comment-mismatch', pack(sig=sign(manifest, comment='lentera id=perjalanan version=9.9.9 created=1')),
      'both', 'does not match the manifest')
keyid = re.sub(r'key-id="[0-9A-F]{16}"', 'key-id="0123456789ABCDEF"', manifest)
write('wrong-key-id', resigned(keyid), 'both', 'manifest names key')
big_man = manifest.replace('</pack>', '<!--' + 'x' * (9 * 1024 * 1024) + '--></pack>')
write('oversized-manifest', pack(man=big_man, sig=sign(big_man)), 'both', 'too large')
# XML attacks in signed files
decl = '<?xml version="1.0" encoding="UTF-8"?>\n'
body = manifest[len(decl):]
dtd = decl + '<!DOCTYPE pack [<!ELEMENT pack ANY>]>\n' + body
write('dtd', resigned(dtd), 'both', 'DTD')
xxe = decl + '<!DOCTYPE pack [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + body.replace(
    '<title>', '<title>&x;', 1)
write('external-entity', resigned(xxe), 'both', 'DTD|entity')
laughs = decl + '<!DOCTYPE pack [<!ENTITY a "aaaaaaaaaa">' + ''.join(
    f'<!ENTITY {chr(98 + i)} "' + f'&{chr(97 + i)};' * 10 + '">' for i in range(8)) + ']>\n' + \
    body.replace('<title>', '<title>&i;', 1)
write('entity-expansion', resigned(laughs), 'both', 'DTD|entity')
bad_utf8 = manifest.replace('Perjalanan Uji', 'Perjalanan \udcff\udcfe Uji', 1)
write('invalid-utf8', resigned(bad_utf8), 'both', 'lentera.xml')
long_attr = manifest.replace(f'path="{lesson}"', 'path="lessons/' + 'a' * 100000 + '.xml"', 1)
write('oversized-attribute', resigned(long_attr), 'both', 'lentera.xml')
deep = b'<?xml version="1.0"?>\n<document xmlns="http://commonmark.org/xml/1.0">' + \
    b'<block_quote>' * 20000 + b'</block_quote>' * 20000 + b'</document>'
deep_man = redigest(manifest, lesson, deep)
write('deep-nesting', pack(man=deep_man, sig=sign(deep_man), replace={lesson: deep}), 'both',
      lesson.split('/')[1])
html = files[lesson].replace(b'</document>', b'<html_block>&lt;script&gt;</html_block></document>')
html_man = redigest(manifest, lesson, html)
write('raw-html', pack(man=html_man, sig=sign(html_man), replace={lesson: html}), 'both',
      lesson.split('/')[1])
q = files[quiz].replace(b'correct="true"', b'correct="false"', 1)
q_man = redigest(manifest, quiz, q)
write('quiz-no-correct', pack(man=q_man, sig=sign(q_man), replace={quiz: q}), 'both', 'correct choices')
dangling = manifest.replace(f'path="{lesson}"', 'path="lessons/none.xml"', 1)
write('dangling-item', resigned(dangling), 'both', 'does not hold')
older = manifest.replace('version="1.1.0"', 'version="1.0.5"', 1)
write('older-version', resigned(older), 'import', 'older than the installed')

open(os.path.join(out, 'cases.tsv'), 'w').write('\n'.join(tsv) + '\n')
print(len(tsv))
