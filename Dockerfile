# The Powermap API for docker-compose; Neo4j runs in its own container (neo4j:5.26-community).
FROM node:20-slim AS ui
WORKDIR /ui
COPY ui/package.json ui/package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY powermap ./powermap
COPY graph ./graph
COPY api ./api
COPY bench ./bench
COPY cypher ./cypher
COPY seeds ./seeds
COPY browser ./browser
COPY ui/static ./ui/static
COPY --from=ui /ui/node_modules ./ui/node_modules
RUN pip install --no-cache-dir .
ENV POWERMAP_API_HOST=0.0.0.0 POWERMAP_API_PORT=8000
EXPOSE 8000
CMD ["powermap", "serve"]
