#!/usr/bin/env bash
# Getting started with kubesim: a fresh cluster, a multi-document manifest applied, listed,
# changed, watched age, and deleted. Run it with:
#   npx -y pnpm@10.34.9 kubesim run examples/getting-started/run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

echo "# The cluster kubesim starts with"
kubectl get nodes -o wide
kubectl get namespaces

echo; echo "# Apply a multi-document manifest"
kubectl apply -f shop.yaml
kubectl get configmaps -n shop --show-labels

echo; echo "# Virtual time: 'sleep' returns at once, but the cluster is 2 minutes older"
sleep 2m
kubectl get configmaps -n shop -l tier=backend

echo; echo "# Re-applying unchanged objects changes nothing; a heredoc adds one more"
kubectl apply -f shop.yaml
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: banner
  namespace: shop
data:
  text: Welcome
YAML

echo; echo "# JSONPath, as in the Kubernetes docs"
kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.addresses[?(@.type=="InternalIP")].address}{"\n"}{end}'
kubectl get configmap settings -n shop -o jsonpath='{.data.greeting}{"\n"}'

echo; echo "# Errors look like kubectl's"
kubectl get configmap missing -n shop || echo "(exit code $?)"
kubectl get widgets || echo "(exit code $?)"

echo; echo "# Delete everything again"
kubectl delete -f shop.yaml
kubectl get configmaps -n shop || true
