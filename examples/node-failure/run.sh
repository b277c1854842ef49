#!/usr/bin/env bash
# A node fails: its kubelet stops posting status, the node lifecycle controller marks it
# NotReady after 50 s and taints it unreachable, and 300 s later (the pods' default toleration)
# its pods are evicted and the ReplicaSet recreates them on the healthy worker. Then a drain.
#   npx -y pnpm@10.34.9 kubesim run examples/node-failure/run.sh
set -euo pipefail

kubectl create deployment web --image=nginx --replicas=4
kubectl rollout status deployment/web
kubectl get pods -o wide

echo; echo "# kubesim-worker2's kubelet stops"
kubesim stop-node kubesim-worker2
sleep 1m
kubectl get nodes
kubectl describe node kubesim-worker2 | grep -A3 '^Taints'

echo; echo "# Five minutes later its pods are evicted and replaced on kubesim-worker"
sleep 5m
kubectl get pods -o wide

echo; echo "# The node comes back; draining kubesim-worker moves the pods over again"
kubesim start-node kubesim-worker2
sleep 10
kubectl get nodes
kubectl drain kubesim-worker --ignore-daemonsets
sleep 10
kubectl get pods -o wide
kubectl uncordon kubesim-worker
