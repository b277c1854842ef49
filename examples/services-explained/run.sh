#!/usr/bin/env bash
# "Services explained", replayed command for command: a ClusterIP Service and its three DNS
# names, a NodePort reached from outside on every node, and a LoadBalancer whose EXTERNAL-IP
# the cloud assigns after a minute or two. The script's directory holds the tutorial's manifests
# and the Deployments it leaves implicit.
#   npx -y pnpm@10.34.9 kubesim run examples/services-explained/run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

echo "# The pods behind the Services: a backend on 8080, a frontend on 80"
kubectl apply -f deployments.yaml
kubectl rollout status deployment/backend
kubectl rollout status deployment/frontend

echo; echo "# Step 1: a ClusterIP Service"
kubectl apply -f backend-service.yaml
sleep 30
kubectl get service backend-service

echo; echo "# Its three names, from a throw-away pod"
kubectl run test-pod --rm -it --image=alpine -- wget -qO- http://backend-service:8080
kubectl run test-pod --rm -it --image=alpine -- wget -qO- http://backend-service.default:8080/hostname
kubectl run test-pod --rm -it --image=alpine -- wget -qO- http://backend-service.default.svc.cluster.local:8080/hostname

echo; echo "# Step 2: NodePort, reached from outside the cluster on every node"
kubectl apply -f frontend-service.yaml
sleep 1
for ip in $(kubectl get nodes -o jsonpath='{.items[*].status.addresses[?(@.type=="InternalIP")].address}'); do
  echo "http://$ip:30080 -> $(curl -s "http://$ip:30080/" | grep -o '<title>.*</title>')"
done

echo; echo "# Step 3: LoadBalancer; the cloud assigns the EXTERNAL-IP within 1-2 minutes"
kubectl apply -f frontend-service-lb.yaml
kubectl get service frontend-service -w
sleep 120
lb=$(kubectl get service frontend-service -o jsonpath='{.status.loadBalancer.ingress[0].ip}')
echo "http://$lb -> $(curl -s "http://$lb/" | grep -o '<title>.*</title>')"
