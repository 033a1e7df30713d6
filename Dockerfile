# The Powermap API for docker-compose; Neo4j runs in its own container (neo4j:5.26-community).
# The image installs the same wheel the suite builds and tests in a fresh virtualenv
# (tests/test_wheel.py): the product's Cypher, seeds, page and guide ship inside it.
FROM node:20-slim AS ui
WORKDIR /src/ui
COPY ui/package.json ui/package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim AS wheel
WORKDIR /src
COPY . .
COPY --from=ui /src/ui/node_modules ./ui/node_modules
RUN pip wheel --no-cache-dir --no-deps -w /dist .

FROM python:3.11-slim
# Graphviz lays out the power map, Chromium prints the PDF report, Noto Sans CJK draws CJK names.
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        graphviz chromium fonts-noto-cjk fonts-liberation \
    && rm -rf /var/lib/apt/lists/*
COPY --from=wheel /dist/ /dist/
RUN pip install --no-cache-dir /dist/*.whl && rm -rf /dist
WORKDIR /app
ENV POWERMAP_API_HOST=0.0.0.0 POWERMAP_API_PORT=8000
EXPOSE 8000
CMD ["powermap", "serve"]
