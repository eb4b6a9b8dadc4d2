# The portal: API + resident H5 + staff console on one port, no build tooling at run time.
#   docker build -t utility-portal .
# The runtime stage is the tree `node scripts/runtime-tree.mjs build` makes (npm test builds the same tree
# without Docker and starts it): the server, types and config compiled to JavaScript with swc, only runtime
# dependencies, the built H5 and console, and a CJK font for the printable QR sheets.

FROM node:22-bookworm-slim AS build
WORKDIR /src
# Manifests first, so the dependency layer is reused while only source changes.
COPY package.json package-lock.json .npmrc* ./
COPY types/package.json types/
COPY config/package.json config/
COPY server/package.json server/
COPY console/package.json console/
COPY miniprogram/package.json miniprogram/
# `npm install`, not `npm ci`: npm ci refuses this lockfile (README, dependency notes); npm install keeps
# to the locked versions all the same.
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build:h5 && npm run build:console \
 && node scripts/runtime-tree.mjs build /runtime

FROM node:22-bookworm-slim
# Chinese glyphs for PDFs (addresses on QR sheets): Droid Sans Fallback, one 4 MB TrueType file that pdfkit
# embeds as is (the Noto CJK package is ~100 MB of collections, which pdfkit needs a face name for).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-droid-fallback \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown node:node /data
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data \
    PDF_FONT_PATH=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
WORKDIR /app
COPY --from=build /runtime /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node itself (no npm, no shell) as PID 1, so SIGTERM from `docker stop` reaches the portal and it shuts down
# gracefully. Before a rolling deploy: docker run --rm --env-file .env utility-portal node server/dist/src/cli.js migrate
CMD ["node", "server/dist/src/main.js"]
