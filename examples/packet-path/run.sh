#!/usr/bin/env bash
# The packet path: a client pod reaches a Deployment's pods through a ClusterIP Service, and
# `kubesim trace` shows each hop a real node would put the request through (kube-proxy's DNAT,
# the VXLAN overlay, the backend's veth). Then the two classic failures: a Service without
# endpoints refuses, and a deleted pod's old IP is unreachable while the Service keeps working.
#   npx -y pnpm@10.34.9 kubesim run examples/packet-path/run.sh
set -euo pipefail

kubectl create deployment backend --image=registry.k8s.io/e2e-test-images/agnhost:2.53 --replicas=3 --port=8080 -- /agnhost netexec --http-port=8080
kubectl expose deployment backend --name=backend-service --port=8080
kubectl run client --image=busybox:1.36 -- sleep 3600
kubectl rollout status deployment/backend
echo; echo "# kube-proxy applies a change one min sync period (1 s) after it: the last backend is not in the rules yet"
kubesim node-exec kubesim-worker -- iptables-save | grep -c 'backend-service ->'
sleep 1
kubesim node-exec kubesim-worker -- iptables-save | grep -c 'backend-service ->'
kubectl get pods -o wide
kubectl get service backend-service

ip=$(kubectl get service backend-service -o jsonpath='{.spec.clusterIP}')
echo; echo "# The client reaches a backend through the ClusterIP, by IP and by the Service's name"
kubectl exec client -- wget -qO- "http://$ip:8080/hostname"; echo
kubectl exec client -- wget -qO- http://backend-service:8080/hostname; echo

echo; echo "# Hop by hop: kube-proxy's DNAT on the client's node, then the chosen backend's veth"
kubesim trace --from pod/client http://backend-service:8080/hostname

client_node=$(kubectl get pod client -o jsonpath='{.spec.nodeName}')
far=$(kubectl get pods -l app=backend -o jsonpath="{.items[?(@.spec.nodeName!=\"$client_node\")].status.podIP}" | cut -d' ' -f1)
echo; echo "# To a backend on another node: the VXLAN overlay between the nodes"
kubesim trace --from pod/client "http://$far:8080/hostname"

echo; echo "# Every backend kube-proxy's rules could choose, with its probability"
kubesim trace --from pod/client --all-outcomes backend-service:8080 | grep -E '^# outcome|^verdict'

echo; echo "# The rules themselves, as iptables-save prints them on kubesim-worker"
kubesim node-exec kubesim-worker -- iptables-save | grep backend-service

echo; echo "# A Service whose selector matches no pod: kube-proxy REJECTs, the client sees connection refused"
kubectl create service clusterip nobody --tcp=80:8080
sleep 1
kubectl exec client -- wget -qO- http://nobody/ || echo "exit code $?"
kubesim trace --from pod/client nobody:80

victim=$(kubectl get pods -l app=backend -o jsonpath='{.items[0].metadata.name}')
old_ip=$(kubectl get pod "$victim" -o jsonpath='{.status.podIP}')
echo; echo "# The pod $victim ($old_ip) goes away: its old IP is unreachable"
kubectl delete pod "$victim"
kubectl exec client -- wget -qO- -T 5 "http://$old_ip:8080/hostname" || echo "exit code $?"
kubesim trace --from pod/client "$old_ip:8080" | tail -2

echo; echo "# The Service still answers, from the pods that are left and the replacement"
sleep 10
kubectl get endpointslices -l kubernetes.io/service-name=backend-service
kubesim trace --from pod/client --all-outcomes backend-service:8080 | grep -E '^# outcome|^verdict'
