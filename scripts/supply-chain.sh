#!/usr/bin/env bash
# Supply-chain checks, run by CI before the tests (npm run supply-chain):
#  - every package in the lockfile comes from the npm registry over https, with its integrity hash;
#  - a CycloneDX SBOM of what Trellis ships (production dependencies) in test-results/sbom.cdx.json;
#  - npm audit of production dependencies, failing on high or critical advisories, where the
#    registry answers it (some mirrors refuse the audit endpoint: then it says so and goes on).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results

npx lockfile-lint --path package-lock.json --type npm --allowed-hosts npm --validate-https --validate-integrity --validate-package-names

npx cyclonedx-npm --omit dev --output-format JSON --output-file test-results/sbom.cdx.json
node -e 'const s = require("./test-results/sbom.cdx.json"); console.log(`SBOM: CycloneDX ${s.specVersion}, ${s.components.length} components in test-results/sbom.cdx.json`)'

set +e
audit=$(npm audit --omit=dev --audit-level=high --json 2>/dev/null)
status=$?
set -e
# An answered audit has a "vulnerabilities" map; a refused one only the registry's error.
if node -e 'const a = JSON.parse(process.argv[1] || "{}"); process.exit(a.vulnerabilities ? 1 : 0)' "$audit"; then
  echo "npm audit: the registry did not answer the audit request ($(node -e 'const a = JSON.parse(process.argv[1] || "{}"); console.log(a.message ?? a.error?.summary ?? "no answer")' "$audit")); skipped"
elif [ "$status" -ne 0 ]; then
  echo "$audit" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const a=JSON.parse(s);for(const [n,v] of Object.entries(a.vulnerabilities??{}))if(["high","critical"].includes(v.severity))console.log(`${v.severity}: ${n} ${v.range}`)})'
  echo "npm audit: high or critical advisories in production dependencies"
  exit 1
else
  echo "npm audit: no high or critical advisory in production dependencies"
fi
