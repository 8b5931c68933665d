#!/usr/bin/env bash
# Multi30k German→English with configs/multi30k_deen_transformer.yaml: train (at most 88 minutes), then score
# test_2016_flickr with beam 5, lowercased (sacreBLEU's numbers and signature). Run from the repository root,
# with the shared data beside the repository (../shared/data/multi30k) or DATA pointing at a Multi30k folder.
set -euo pipefail
DATA=${DATA:-../shared/data/multi30k}
dotnet build src/Heed.Cli -c Release >/dev/null
heed() { dotnet src/Heed.Cli/bin/Release/net10.0/Heed.Cli.dll "$@"; }
heed train configs/multi30k_deen_transformer.yaml --threads 2
heed test runs/multi30k_deen_transformer --src "$DATA/test_2016_flickr.de.gz" --ref "$DATA/test_2016_flickr.en.gz" \
    --beam 5 --lowercase --json --output runs/multi30k_deen_transformer/test_2016_flickr.hyp.en
