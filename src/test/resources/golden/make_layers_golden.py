#!/usr/bin/env python3
"""Writes layers-golden.json: layered (and some targeted) assignments computed by an independent
pure-Python MurmurHash3 x64_128, for LayersGoldenTest (the server's assignment) and ClientUnitTest
(the Java client's local evaluation). Run from the repository root:
    python3 src/test/resources/golden/make_layers_golden.py > src/test/resources/golden/layers-golden.json
Deterministic: no randomness beyond a fixed-seed generator."""
import json
import random

M = (1 << 64) - 1
C1, C2 = 0x87c37b91114253d5, 0x4cf5ad432745937f


def rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & M


def fmix(k):
    k ^= k >> 33
    k = (k * 0xff51afd7ed558ccd) & M
    k ^= k >> 33
    k = (k * 0xc4ceb9fe1a85ec53) & M
    k ^= k >> 33
    return k


def murmur3_128(data):
    h1 = h2 = 0
    n = len(data)
    blocks = n // 16
    for i in range(blocks):
        k1 = int.from_bytes(data[16 * i:16 * i + 8], 'little')
        k2 = int.from_bytes(data[16 * i + 8:16 * i + 16], 'little')
        k1 = (k1 * C1) & M; k1 = rotl(k1, 31); k1 = (k1 * C2) & M; h1 ^= k1
        h1 = rotl(h1, 27); h1 = (h1 + h2) & M; h1 = (h1 * 5 + 0x52dce729) & M
        k2 = (k2 * C2) & M; k2 = rotl(k2, 33); k2 = (k2 * C1) & M; h2 ^= k2
        h2 = rotl(h2, 31); h2 = (h2 + h1) & M; h2 = (h2 * 5 + 0x38495ab5) & M
    tail = data[16 * blocks:]
    k1 = int.from_bytes(tail[:8], 'little') if tail else 0
    k2 = int.from_bytes(tail[8:16], 'little') if len(tail) > 8 else 0
    if len(tail) > 8:
        k2 = (k2 * C2) & M; k2 = rotl(k2, 33); k2 = (k2 * C1) & M; h2 ^= k2
    if len(tail) > 0:
        k1 = (k1 * C1) & M; k1 = rotl(k1, 31); k1 = (k1 * C2) & M; h1 ^= k1
    h1 ^= n; h2 ^= n
    h1 = (h1 + h2) & M; h2 = (h2 + h1) & M
    h1 = fmix(h1); h2 = fmix(h2)
    h1 = (h1 + h2) & M; h2 = (h2 + h1) & M
    return h1, h2


def buckets(salt, unit):
    h1, h2 = murmur3_128((salt + ':' + unit).encode('utf-8'))
    return h1 % 10000, h2 % 10000


def treatment_of(bucket, weights):
    total, cum = sum(weights), 0
    for i, w in enumerate(weights):
        cum += w
        if bucket < 10000 * cum // total:
            return i
    raise AssertionError


def matches(targeting, attributes):
    if targeting is None:
        return True
    (name, op), = targeting.items()
    (kind, value), = op.items()
    v = attributes.get(name)
    return v is not None and (v == value if kind == 'eq' else v in value)


def decide(e, unit, attributes):
    """The order of io.recolab.assign.Plan: not running, layer, targeting, exposure."""
    layer = e['layer']
    layer_bucket = buckets('layer:' + layer['name'], unit)[0] if layer else None
    if layer and not (layer['buckets'][0] <= layer_bucket < layer['buckets'][1]):
        return layer_bucket, 0, False, 'layer'
    if not matches(e['targeting'], attributes):
        return layer_bucket, 0, False, 'targeting'
    tb, eb = buckets(e['salt'], unit)
    if eb >= round(e['exposurePercent'] * 100):
        return layer_bucket, 0, False, 'exposure'
    return layer_bucket, treatment_of(tb, e['weights']), True, 'in'


def main():
    rng = random.Random(20230101)
    layers = [('home-row', [(0, 2500), (2500, 5000), (5000, 10000)]), ('checkout', [(100, 9900), (0, 100)]),
              ('x', [(0, 1), (9999, 10000), (1234, 5678)])]
    weight_sets = [[1, 1], [50, 30, 20], [25, 25, 25, 25], [1, 2, 3, 4, 5]]
    targetings = [None, None, {'country': {'eq': 'DE'}}, {'country': {'in': ['AT', 'CH', 'DE']}}]
    attribute_sets = [{}, {'country': 'DE'}, {'country': 'FR'}, {'country': 'CH', 'device': 'mobile'}]
    units = ['c42', 'customer-1', 'customer-7919', '', 'ü-unit', 'a' * 40, 'user:17', 'x y']
    cases = []
    for i in range(300):
        name, ranges = layers[i % len(layers)]
        rng_from, rng_to = ranges[rng.randrange(len(ranges))]
        e = {'salt': 'exp-%d' % rng.randrange(50), 'exposurePercent': rng.choice([100, 100, 50, 12.5, 0]),
             'weights': rng.choice(weight_sets), 'layer': {'name': name, 'buckets': [rng_from, rng_to]},
             'targeting': rng.choice(targetings)}
        if i % 10 == 9:
            e['layer'] = None  # today's experiments, without a layer, decide as before
        unit = rng.choice(units) + ('' if i < len(units) else str(rng.randrange(10 ** 6)))
        if unit == '':
            unit = 'u' + str(i)
        attributes = rng.choice(attribute_sets)
        layer_bucket, treatment, in_experiment, reason = decide(e, unit, attributes)
        case = {'experiment': e, 'unit': unit, 'attributes': attributes, 'treatment': treatment,
                'inExperiment': in_experiment, 'reason': reason}
        if layer_bucket is not None:
            case['layerBucket'] = layer_bucket
        cases.append(case)
    out = {'version': 1,
           'algorithm': "layerBucket = MurmurHash3_x64_128 seed 0 over UTF-8('layer:' + name + ':' + unit), h1 mod 10000"
                        " (unsigned); order: not running, layer (from <= layerBucket < to), targeting, exposure;"
                        " treatment and exposure buckets as in assign/golden-v1.json (the experiment's own salt)",
           'cases': cases}
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == '__main__':
    main()
