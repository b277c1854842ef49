#!/usr/bin/env bash
# "Pods are ephemeral" (the tutorial's story): a Deployment replaces a deleted pod, the new pod
# has a new name and a new IP, the EndpointSlice follows, and the Service's ClusterIP stays.
#   npx -y pnpm@10.34.9 kubesim run examples/pods-are-ephemeral/run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

kubectl apply -f backend.yaml
kubectl rollout status deployment/backend
kubectl get deploy,rs,pods -o wide
kubectl get service backend-service
kubectl get endpointslices -l kubernetes.io/service-name=backend-service

victim=$(kubectl get pods -l app=backend -o jsonpath='{.items[0].metadata.name}')
echo; echo "# The pod $victim goes away"
kubectl delete pod "$victim"
kubectl get pods -o wide
sleep 10
echo; echo "# Ten seconds later its replacement runs, with a new name and a new IP"
kubectl get pods -o wide
kubectl get endpointslices -l kubernetes.io/service-name=backend-service
kubectl get service backend-service -o jsonpath='{.spec.clusterIP}{"\n"}'
