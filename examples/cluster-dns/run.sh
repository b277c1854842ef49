#!/usr/bin/env bash
# Cluster DNS: a pod's resolv.conf, the three names of a Service, the busybox nslookup versions
# Kubernetes' DNS debugging guide is built around, SRV and headless records, and what happens
# to lookups while CoreDNS is down.
#   npx -y pnpm@10.34.9 kubesim run examples/cluster-dns/run.sh
set -euo pipefail

echo "# CoreDNS runs as kubeadm deploys it, behind the kube-dns Service"
kubectl get deployment,service -n kube-system

kubectl create deployment backend --image=registry.k8s.io/e2e-test-images/agnhost:2.53 --replicas=2 --port=8080 -- /agnhost netexec --http-port=8080
kubectl expose deployment backend --name=backend-service --port=8080
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: backend-headless
spec:
  clusterIP: None
  selector:
    app: backend
  ports:
  - name: http
    port: 8080
YAML
kubectl run test --image=busybox:1.36 -- sleep 3600
kubectl run dnsutils --image=registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3 -- sleep infinity
kubectl rollout status deployment/backend
sleep 5

echo; echo "# The pod's /etc/resolv.conf, as kubelet writes it for dnsPolicy ClusterFirst"
kubectl exec test -- cat /etc/resolv.conf

echo; echo "# The tutorial's three names all reach the backend"
for name in backend-service backend-service.default backend-service.default.svc.cluster.local; do
  echo "$name -> $(kubectl exec test -- wget -qO- "http://$name:8080/hostname")"
done

echo; echo "# busybox 1.28's nslookup, the one the DNS debugging guide uses"
kubectl run -i --rm --restart=Never dns128 --image=busybox:1.28 -- nslookup kubernetes.default 2>/dev/null

echo; echo "# busybox 1.36's nslookup queries every search domain, and says so"
kubectl exec test -- nslookup backend-service || echo "exit code $?"

echo; echo "# dig: SRV for a named port, a headless Service's ready pods, a reverse lookup"
kubectl exec dnsutils -- dig +short SRV _http._tcp.backend-headless.default.svc.cluster.local
kubectl exec dnsutils -- dig +short backend-headless.default.svc.cluster.local | sort
kubectl exec dnsutils -- dig +short -x 10.96.0.10
kubectl exec dnsutils -- dig +noall +answer example.com

echo; echo "# A name that does not exist"
kubectl exec test -- wget -qO- http://nothere:8080/ || echo "exit code $?"

echo; echo "# CoreDNS scaled to zero: kube-proxy rejects the queries and nslookup gives up (the Service still works by IP)"
kubectl scale deployment coredns -n kube-system --replicas=0
sleep 40
kubectl exec test -- nslookup backend-service.default.svc.cluster.local || echo "exit code $?"
ip=$(kubectl get service backend-service -o jsonpath='{.spec.clusterIP}')
kubectl exec test -- wget -qO- "http://$ip:8080/hostname"; echo

echo; echo "# Back to two replicas: names resolve again"
kubectl scale deployment coredns -n kube-system --replicas=2
kubectl rollout status deployment/coredns -n kube-system
sleep 2
kubectl exec test -- nslookup backend-service.default.svc.cluster.local
