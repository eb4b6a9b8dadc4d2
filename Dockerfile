# The portal: API + resident H5 + staff console on one port. Build: docker build -t utility-portal .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY types/package.json types/
COPY config/package.json config/
COPY server/package.json server/
COPY console/package.json console/
COPY miniprogram/package.json miniprogram/
RUN npm ci
COPY . .
RUN npm run build:h5 && npm run build:console

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node_modules/.bin/tsx", "server/src/main.ts"]
