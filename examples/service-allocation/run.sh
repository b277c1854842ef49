#!/usr/bin/env bash
# How the API server hands out ClusterIPs and NodePorts, and what it refuses.
#   npx -y pnpm@10.34.9 kubesim run examples/service-allocation/run.sh
cd "$(dirname "${BASH_SOURCE[0]}")"

echo "# A new cluster: kubernetes holds the first address of 10.96.0.0/12, kube-dns the tenth"
kubectl get services -A
kubectl get servicecidrs

echo; echo "# Dynamic ClusterIPs come from the upper band (>= 10.96.1.1); the NodePort is honoured"
kubectl apply -f backend-service.yaml -f frontend-service.yaml
kubectl get services
kubectl get ipaddresses

echo; echo "# Requested addresses that are taken or out of range are refused"
kubectl create service nodeport copycat --tcp=80:80 --node-port=30080
kubectl create service nodeport faraway --tcp=80:80 --node-port=8080
kubectl create service clusterip squatter --tcp=53 --clusterip=10.96.0.10

echo; echo "# Invalid manifests change nothing, and every cause is listed"
kubectl apply -f broken-service.yaml
kubectl get service broken

echo; echo "# Deleting a Service releases its node port for the next one"
kubectl delete service frontend-service
kubectl create service nodeport copycat --tcp=80:80 --node-port=30080
kubectl get service copycat -o jsonpath='{.spec.clusterIP} {.spec.ports[0].nodePort}{"\n"}'
