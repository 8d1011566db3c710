/**
 * Flagged and clean Dockerfiles for every rule, written for Rampart. `lines` are the exact lines
 * the rule must report (in order): the first line of the offending instruction; a clean case must produce no finding of that rule.
 */
export interface RuleCases {
  flagged: { name: string; dockerfile: string; lines: number[] }[];
  clean: { name: string; dockerfile: string }[];
}

const df = (...lines: string[]): string => lines.join('\n') + '\n';
const PIN = 'FROM debian:12.5-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000';

export const cases: Record<string, RuleCases> = {
  'iac/dockerfile/base-image-latest': {
    flagged: [
      { name: 'no tag', dockerfile: df('FROM ubuntu', 'USER 1'), lines: [1] },
      { name: 'latest in final stage', dockerfile: df('FROM golang:1.22 AS b', 'FROM registry.example.com:5000/team/app:latest'), lines: [2] },
      { name: 'resolved ARG', dockerfile: df('ARG IMG=nginx', 'FROM ${IMG}'), lines: [2] },
      { name: 'final stage built on a latest stage', dockerfile: df('FROM python AS base', 'RUN pip install --no-cache-dir x', 'FROM base'), lines: [1] },
    ],
    clean: [
      { name: 'tagged', dockerfile: df('FROM node:20.11-alpine') },
      { name: 'latest only in builder', dockerfile: df('FROM golang:latest AS b', 'FROM alpine:3.19') },
      { name: 'unresolved variable', dockerfile: df('ARG BASE', 'FROM $BASE') },
      { name: 'scratch and stage ref', dockerfile: df('FROM alpine:3.19 AS a', 'FROM a') },
      { name: 'digest only', dockerfile: df('FROM alpine@sha256:abcd') },
    ],
  },
  'iac/dockerfile/base-image-no-digest': {
    flagged: [{ name: 'tag only', dockerfile: df('FROM python:3.12-slim', 'USER 1'), lines: [1] }],
    clean: [
      { name: 'digest', dockerfile: df('FROM python:3.12-slim@sha256:abc') },
      { name: 'scratch', dockerfile: df('FROM golang:1.22 AS b', 'FROM scratch') },
      { name: 'unresolved', dockerfile: df('ARG TAG', 'FROM python:$TAG') },
    ],
  },
  'iac/dockerfile/user-missing': {
    flagged: [
      { name: 'no USER', dockerfile: df('FROM node:20', 'CMD ["node"]'), lines: [1] },
      { name: 'scratch stage that runs a binary', dockerfile: df('FROM golang:1.22 AS build', 'RUN go build -o /app .', 'FROM scratch', 'COPY --from=build /app /app', 'ENTRYPOINT ["/app"]'), lines: [3] },
      { name: 'USER only in builder', dockerfile: df('FROM node:20 AS b', 'USER node', 'FROM node:20-slim', 'CMD ["node"]'), lines: [3] },
    ],
    clean: [
      { name: 'USER set', dockerfile: df('FROM node:20', 'USER node') },
      { name: 'inherited from local stage', dockerfile: df('FROM node:20 AS base', 'USER node', 'FROM base', 'CMD ["node"]') },
      { name: 'nonroot base', dockerfile: df('FROM gcr.io/distroless/static:nonroot') },
      { name: 'artifact-only scratch stage', dockerfile: df('FROM golang:1.22 AS build', 'RUN go build -o /out/app .', 'FROM scratch AS binary', 'COPY --from=build /out/app /') },
    ],
  },
  'iac/dockerfile/user-root': {
    flagged: [
      { name: 'root last', dockerfile: df('FROM alpine:3', 'USER app', 'RUN x', 'USER root'), lines: [4] },
      { name: 'uid 0', dockerfile: df('FROM alpine:3', 'USER 0:0'), lines: [2] },
      { name: 'root through ARG', dockerfile: df('FROM alpine:3', 'ARG RUN_AS=root', 'USER ${RUN_AS}'), lines: [3] },
    ],
    clean: [
      { name: 'root then app', dockerfile: df('FROM alpine:3', 'USER root', 'RUN apk add --no-cache curl', 'USER 10001') },
      { name: 'unresolved user', dockerfile: df('FROM alpine:3', 'ARG RUN_AS', 'USER $RUN_AS') },
      { name: 'root only in builder', dockerfile: df('FROM alpine:3 AS b', 'USER root', 'FROM alpine:3', 'USER 1000') },
    ],
  },
  'iac/dockerfile/secret-in-env': {
    flagged: [
      { name: 'password', dockerfile: df('FROM alpine:3', 'ENV DB_PASSWORD=s3cr3tP4ss'), lines: [2] },
      { name: 'aws, legacy form, builder stage', dockerfile: df('FROM alpine:3 AS b', 'ENV AWS_SECRET_ACCESS_KEY wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY', 'FROM alpine:3'), lines: [2] },
      { name: 'token among others', dockerfile: df('FROM alpine:3', 'ENV A=1 \\', '  GITHUB_TOKEN="ghp_abcdefghijklmnop"'), lines: [2] },
    ],
    clean: [
      { name: 'references and files', dockerfile: df('FROM alpine:3', 'ENV DB_PASSWORD_FILE=/run/secrets/db TOKEN=$TOKEN API_KEY=${API_KEY}', 'ENV PASSWORD=""') },
      { name: 'placeholder values', dockerfile: df('FROM node:20', 'ENV NEXTAUTH_SECRET="dummy-secret-for-build" API_KEY=your-api-key-here') },
      { name: 'non-secret names', dockerfile: df('FROM alpine:3', 'ENV TOKEN_URL=https://auth.example.com AUTH_TYPE=oauth NODE_ENV=production') },
    ],
  },
  'iac/dockerfile/secret-in-arg': {
    flagged: [{ name: 'default', dockerfile: df('ARG NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz', 'FROM node:20'), lines: [1] }],
    clean: [{ name: 'no default', dockerfile: df('FROM node:20', 'ARG NPM_TOKEN', 'ARG VERSION=1.2.3') }],
  },
  'iac/dockerfile/curl-pipe-shell': {
    flagged: [
      { name: 'curl | sh', dockerfile: df('FROM debian:12', 'RUN curl -fsSL https://get.example.com | sh'), lines: [2] },
      { name: 'sh -c "$(curl)" and bash <(curl)', dockerfile: df('FROM debian:12', 'RUN sh -c "$(curl -fsSL https://x.example/i.sh)"', 'RUN bash <(wget -qO- https://x.example/i.sh)'), lines: [2, 3] },
      { name: 'PowerShell iwr | iex', dockerfile: df('# escape=`', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["powershell", "-Command"]', "RUN iex ((New-Object System.Net.WebClient).DownloadString('https://community.chocolatey.org/install.ps1'))"), lines: [4] },
      { name: 'wget | sudo bash on a continuation', dockerfile: df('FROM debian:12', 'RUN apt-get update && \\', '    wget -qO- https://x.example/install.sh | sudo bash -s --'), lines: [2] },
    ],
    clean: [
      { name: 'pipe to tar', dockerfile: df('FROM debian:12', 'RUN curl -fsSL https://x.example/a.tgz | tar xz') },
      { name: 'download then verify', dockerfile: df('FROM debian:12', 'RUN curl -fsSLo i.sh https://x.example/i.sh && sha256sum -c i.sha && sh i.sh') },
    ],
  },
  'iac/dockerfile/add-remote-url': {
    flagged: [{ name: 'https', dockerfile: df('FROM alpine:3', 'ADD https://example.com/tool.tgz /opt/'), lines: [2] }],
    clean: [
      { name: 'checksum', dockerfile: df('FROM alpine:3', 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tgz /opt/') },
      { name: 'local', dockerfile: df('FROM alpine:3', 'ADD app.tar.gz /opt/') },
      { name: 'git source pinned by ref', dockerfile: df('FROM alpine:3', 'ADD https://github.com/org/repo.git#v1.2.3 /src') },
    ],
  },
  'iac/dockerfile/add-instead-of-copy': {
    flagged: [{ name: 'plain files', dockerfile: df('FROM alpine:3', 'ADD src/ /app/src/'), lines: [2] }],
    clean: [
      { name: 'archive', dockerfile: df('FROM alpine:3', 'ADD rootfs.tar.xz /') },
      { name: 'copy', dockerfile: df('FROM alpine:3', 'COPY src/ /app/src/') },
      { name: 'url', dockerfile: df('FROM alpine:3', 'ADD https://example.com/x /x') },
    ],
  },
  'iac/dockerfile/curl-insecure': {
    flagged: [
      { name: '-k', dockerfile: df('FROM alpine:3', 'RUN curl -k -o /x https://h/x'), lines: [2] },
      { name: 'combined -fsSLk', dockerfile: df('FROM alpine:3', 'RUN set -e; \\', '  curl -fsSLk https://h/x -o /x'), lines: [2] },
      { name: '--insecure', dockerfile: df('FROM alpine:3', 'RUN curl --insecure https://h/x'), lines: [2] },
    ],
    clean: [{ name: 'verified', dockerfile: df('FROM alpine:3', 'RUN curl -fsSL --cacert /ca.pem https://h/x -o /x') }],
  },
  'iac/dockerfile/wget-no-check-certificate': {
    flagged: [{ name: 'flag', dockerfile: df('FROM alpine:3', 'RUN wget --no-check-certificate https://h/x'), lines: [2] }],
    clean: [{ name: 'plain', dockerfile: df('FROM alpine:3', 'RUN wget -q https://h/x') }],
  },
  'iac/dockerfile/apt-unauthenticated': {
    flagged: [
      { name: 'flag', dockerfile: df('FROM debian:12', 'RUN apt-get update && apt-get install -y --allow-unauthenticated foo'), lines: [2] },
      { name: 'trusted=yes', dockerfile: df('FROM debian:12', 'RUN echo "deb [trusted=yes] http://repo.example/ ./" > /etc/apt/sources.list.d/x.list'), lines: [2] },
      { name: 'apt.conf in heredoc', dockerfile: df('FROM debian:12', 'RUN <<EOF', 'echo \'APT::Get::AllowUnauthenticated "true";\' > /etc/apt/apt.conf.d/99x', 'EOF'), lines: [2] },
    ],
    clean: [{ name: 'signed-by', dockerfile: df('FROM debian:12', 'RUN echo "deb [signed-by=/usr/share/keyrings/x.gpg] https://repo.example/ ./" > /etc/apt/sources.list.d/x.list') }],
  },
  'iac/dockerfile/rpm-gpgcheck-disabled': {
    flagged: [
      { name: 'yum', dockerfile: df('FROM rockylinux:9', 'RUN yum install -y --nogpgcheck foo'), lines: [2] },
      { name: 'repo file', dockerfile: df('FROM fedora:40', 'RUN printf "[x]\\nbaseurl=https://r\\ngpgcheck=0\\n" > /etc/yum.repos.d/x.repo'), lines: [2] },
      { name: 'rpm', dockerfile: df('FROM fedora:40', 'RUN rpm -i --nosignature x.rpm'), lines: [2] },
    ],
    clean: [{ name: 'checked', dockerfile: df('FROM fedora:40', 'RUN rpm --import https://r/key && dnf install -y foo') }],
  },
  'iac/dockerfile/apk-allow-untrusted': {
    flagged: [{ name: 'flag', dockerfile: df('FROM alpine:3', 'RUN apk add --no-cache --allow-untrusted /tmp/x.apk'), lines: [2] }],
    clean: [{ name: 'plain', dockerfile: df('FROM alpine:3', 'RUN apk add --no-cache curl') }],
  },
  'iac/dockerfile/pip-trusted-host': {
    flagged: [
      { name: 'flag', dockerfile: df('FROM python:3.12', 'RUN pip install --trusted-host pypi.internal -r req.txt'), lines: [2] },
      { name: 'env', dockerfile: df('FROM python:3.12', 'ENV PIP_TRUSTED_HOST=pypi.internal'), lines: [2] },
    ],
    clean: [{ name: 'cert', dockerfile: df('FROM python:3.12', 'RUN pip install --cert /ca.pem -r req.txt') }],
  },
  'iac/dockerfile/npm-strict-ssl-disabled': {
    flagged: [
      { name: 'npm config', dockerfile: df('FROM node:20', 'RUN npm config set strict-ssl false && npm ci'), lines: [2] },
      { name: 'npm set', dockerfile: df('FROM node:20', 'RUN npm set strict-ssl=false'), lines: [2] },
      { name: 'env', dockerfile: df('FROM node:20', 'ENV npm_config_strict_ssl=false'), lines: [2] },
    ],
    clean: [{ name: 'cafile', dockerfile: df('FROM node:20', 'RUN npm config set cafile /ca.pem && npm ci') }],
  },
  'iac/dockerfile/node-tls-reject-disabled': {
    flagged: [
      { name: 'env', dockerfile: df('FROM node:20', 'ENV NODE_TLS_REJECT_UNAUTHORIZED=0'), lines: [2] },
      { name: 'run', dockerfile: df('FROM node:20', 'RUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci'), lines: [2] },
    ],
    clean: [{ name: 'extra ca', dockerfile: df('FROM node:20', 'ENV NODE_EXTRA_CA_CERTS=/ca.pem NODE_TLS_REJECT_UNAUTHORIZED=1') }],
  },
  'iac/dockerfile/git-ssl-verify-disabled': {
    flagged: [
      { name: 'git -c', dockerfile: df('FROM alpine:3', 'RUN git -c http.sslVerify=false clone https://git.internal/x'), lines: [2] },
      { name: 'git config', dockerfile: df('FROM alpine:3', 'RUN git config --global http.sslverify false'), lines: [2] },
      { name: 'env', dockerfile: df('FROM alpine:3', 'ENV GIT_SSL_NO_VERIFY=true'), lines: [2] },
    ],
    clean: [{ name: 'ca', dockerfile: df('FROM alpine:3', 'RUN git config --global http.sslCAInfo /ca.pem') }],
  },
  'iac/dockerfile/sudo-in-run': {
    flagged: [{ name: 'sudo', dockerfile: df('FROM ubuntu:24.04', 'USER app', 'RUN sudo apt-get update'), lines: [3] }],
    clean: [{ name: 'sudoers file written by a heredoc', dockerfile: df('FROM ubuntu:24.04', 'RUN cat <<EOF > /etc/motd', 'sudo is not installed here', 'EOF') }, { name: 'USER root', dockerfile: df('FROM ubuntu:24.04', 'USER root', 'RUN apt-get update', 'RUN echo "app ALL=(ALL) NOPASSWD: ALL" > /dev/null', 'USER app') }],
  },
  'iac/dockerfile/expose-ssh': {
    flagged: [{ name: '22', dockerfile: df('FROM alpine:3', 'EXPOSE 80 22/tcp'), lines: [2] }],
    clean: [{ name: '2222 and 8022', dockerfile: df('FROM alpine:3', 'EXPOSE 2222 8022 443') }],
  },
  'iac/dockerfile/sshd-installed': {
    flagged: [
      { name: 'apt', dockerfile: df('FROM debian:12', 'RUN apt-get update && apt-get install -y openssh-server'), lines: [2] },
      { name: 'apk', dockerfile: df('FROM alpine:3', 'RUN apk add --no-cache \\', '    dropbear'), lines: [2] },
    ],
    clean: [{ name: 'client only', dockerfile: df('FROM debian:12', 'RUN apt-get install -y openssh-client') }],
  },
  'iac/dockerfile/healthcheck-missing': {
    flagged: [{ name: 'none', dockerfile: df('FROM nginx:1.27 AS a', 'HEALTHCHECK CMD curl -f http://localhost/', 'FROM nginx:1.27', 'USER nginx'), lines: [3] }],
    clean: [
      { name: 'present', dockerfile: df('FROM nginx:1.27', 'HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1') },
      { name: 'NONE', dockerfile: df('FROM nginx:1.27', 'HEALTHCHECK NONE') },
      { name: 'inherited', dockerfile: df('FROM nginx:1.27 AS base', 'HEALTHCHECK CMD true', 'FROM base') },
      { name: 'artifact-only scratch stage', dockerfile: df('FROM golang:1.22 AS build', 'RUN go build -o /out/app .', 'FROM scratch', 'COPY --from=build /out/app /') },
    ],
  },
  'iac/dockerfile/world-writable-permissions': {
    flagged: [
      { name: 'chmod -R 777', dockerfile: df('FROM alpine:3', 'RUN mkdir /data && chmod -R 777 /data'), lines: [2] },
      { name: 'o+w', dockerfile: df('FROM alpine:3', 'RUN chmod o+w /app'), lines: [2] },
      { name: 'COPY --chmod', dockerfile: df('FROM alpine:3', 'COPY --chmod=0777 run.sh /run.sh'), lines: [2] },
    ],
    clean: [{ name: 'sticky tmp and 755', dockerfile: df('FROM alpine:3', 'RUN chmod 1777 /tmp && chmod 755 /app && chmod +x /run.sh && chmod u+w /x', 'COPY --chmod=755 run.sh /') }],
  },
  'iac/dockerfile/apt-upgrade': {
    flagged: [{ name: 'upgrade', dockerfile: df('FROM debian:12', 'RUN apt-get update && apt-get -y dist-upgrade'), lines: [2] }],
    clean: [{ name: 'install only', dockerfile: df('FROM debian:12', 'RUN apt-get update && apt-get install -y --only-upgrade openssl') }],
  },
  'iac/dockerfile/apt-no-install-recommends': {
    flagged: [{ name: 'missing', dockerfile: df('FROM debian:12', 'RUN apt-get install -y curl'), lines: [2] }],
    clean: [{ name: 'present', dockerfile: df('FROM debian:12', 'RUN apt-get install -y --no-install-recommends curl') }],
  },
  'iac/dockerfile/apt-lists-not-cleaned': {
    flagged: [{ name: 'not cleaned', dockerfile: df('FROM debian:12', 'RUN apt-get update && apt-get install -y --no-install-recommends curl'), lines: [2] }],
    clean: [
      { name: 'cleaned', dockerfile: df('FROM debian:12', 'RUN apt-get update && apt-get install -y --no-install-recommends curl \\', '  && rm -rf /var/lib/apt/lists/*') },
      { name: 'cache mount', dockerfile: df('FROM debian:12', 'RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl') },
      { name: 'builder stage', dockerfile: df('FROM debian:12 AS b', 'RUN apt-get update && apt-get install -y gcc', 'FROM debian:12') },
    ],
  },
  'iac/dockerfile/workdir-relative': {
    flagged: [{ name: 'relative', dockerfile: df('FROM alpine:3', 'WORKDIR app'), lines: [2] }],
    clean: [
      { name: 'absolute', dockerfile: df('FROM alpine:3', 'WORKDIR /app') },
      { name: 'variable', dockerfile: df('FROM alpine:3', 'ENV HOME=/home/app', 'WORKDIR $HOME', 'WORKDIR ${UNKNOWN}') },
      { name: 'windows', dockerfile: df('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022', 'WORKDIR C:\\app') },
    ],
  },
  'iac/dockerfile/multiple-cmd': {
    flagged: [{ name: 'three', dockerfile: df('FROM alpine:3', 'CMD ["a"]', 'CMD ["b"]', 'CMD ["c"]'), lines: [3, 4] }],
    clean: [{ name: 'one per stage', dockerfile: df('FROM alpine:3 AS a', 'CMD ["a"]', 'FROM alpine:3', 'CMD ["b"]') }],
  },
  'iac/dockerfile/multiple-entrypoint': {
    flagged: [{ name: 'two', dockerfile: df('FROM alpine:3', 'ENTRYPOINT ["a"]', 'ENTRYPOINT ["b"]'), lines: [3] }],
    clean: [{ name: 'one', dockerfile: df('FROM alpine:3', 'ENTRYPOINT ["a"]', 'CMD ["--help"]') }],
  },
  'iac/dockerfile/entrypoint-shell-form': {
    flagged: [{ name: 'shell form', dockerfile: df('FROM node:20', 'ENTRYPOINT node server.js'), lines: [2] }],
    clean: [
      { name: 'exec form', dockerfile: df('FROM node:20', 'ENTRYPOINT ["node", "server.js"]') },
      { name: 'exec prefix', dockerfile: df('FROM node:20', 'ENTRYPOINT exec node server.js') },
    ],
  },
  'iac/dockerfile/copy-sensitive-file': {
    flagged: [
      { name: 'ssh key', dockerfile: df('FROM alpine:3', 'COPY id_rsa /root/.ssh/id_rsa'), lines: [2] },
      { name: 'npmrc and env', dockerfile: df('FROM node:20', 'COPY package.json .npmrc ./', 'ADD .env /app/'), lines: [2, 3] },
      { name: 'private key pem', dockerfile: df('FROM alpine:3', 'COPY tls/private-key.pem /tls/'), lines: [2] },
      { name: '.git directory', dockerfile: df('FROM alpine:3', 'COPY .git /app/.git'), lines: [2] },
      { name: 'pem key', dockerfile: df('FROM nginx:1.27', 'COPY certs/server.key /etc/nginx/'), lines: [2] },
      { name: 'key word in a pem name, any case', dockerfile: df('FROM alpine:3', 'COPY certs/App_Secret.PEM certs/ID_x.pem /x/'), lines: [2, 2] },
    ],
    clean: [
      { name: 'secret mount', dockerfile: df('FROM node:20', 'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci') },
      { name: 'builder stage only', dockerfile: df('FROM node:20 AS b', 'COPY .npmrc ./', 'RUN npm ci', 'FROM node:20-slim', 'COPY --from=b /app /app') },
      { name: 'public parts', dockerfile: df('FROM alpine:3', 'COPY id_rsa.pub ca-cert.pem .env.example /x/') },
      { name: 'certificate pem', dockerfile: df('FROM alpine:3', 'COPY rds-combined.pem cert.pem /certs/') },
      { name: 'pem without a key word before .pem', dockerfile: df('FROM alpine:3', 'COPY bundle.pem key/bundle.pem /certs/') },
    ],
  },
  'iac/dockerfile/run-cd': {
    flagged: [{ name: 'cd', dockerfile: df('FROM alpine:3', 'RUN cd /app && make'), lines: [2] }],
    clean: [{ name: 'subshell cd later', dockerfile: df('FROM alpine:3', 'WORKDIR /app', 'RUN make && cd docs && make') }],
  },
  'iac/dockerfile/pip-no-cache-dir': {
    flagged: [
      { name: 'pip', dockerfile: df('FROM python:3.12', 'RUN pip install -r requirements.txt'), lines: [2] },
      { name: 'python -m pip', dockerfile: df('FROM python:3.12', 'RUN python3 -m pip install flask'), lines: [2] },
    ],
    clean: [
      { name: 'flag', dockerfile: df('FROM python:3.12', 'RUN pip install --no-cache-dir -r requirements.txt') },
      { name: 'env', dockerfile: df('FROM python:3.12', 'ENV PIP_NO_CACHE_DIR=1', 'RUN pip install flask') },
    ],
  },
  'iac/dockerfile/npm-install-not-ci': {
    flagged: [{ name: 'npm install', dockerfile: df('FROM node:20', 'COPY package*.json ./', 'RUN npm install --omit=dev'), lines: [3] }],
    clean: [{ name: 'ci and named packages', dockerfile: df('FROM node:20', 'RUN npm ci && npm install -g pnpm && npm i left-pad') }],
  },
  'iac/dockerfile/download-without-checksum': {
    flagged: [
      { name: 'curl chmod', dockerfile: df('FROM alpine:3', 'RUN curl -fsSLo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl \\', '  && chmod +x /usr/local/bin/kubectl'), lines: [2] },
      { name: 'wget dpkg', dockerfile: df('FROM debian:12', 'RUN wget https://x.example/tool.deb && dpkg -i tool.deb'), lines: [2] },
    ],
    clean: [
      { name: 'sha256sum', dockerfile: df('FROM alpine:3', 'RUN curl -fsSLo /k https://x/k && echo "abc  /k" | sha256sum -c - && chmod +x /k') },
      { name: 'dpkg -l after download', dockerfile: df('FROM debian:12', 'RUN wget -O x.zip https://x/x.zip && unzip x.zip && dpkg -l | wc -l') },
      { name: 'download only', dockerfile: df('FROM alpine:3', 'RUN curl -fsSLo /data.json https://x/data.json') },
    ],
  },
  'iac/dockerfile/apk-no-cache': {
    flagged: [{ name: 'missing', dockerfile: df('FROM alpine:3', 'RUN apk update && apk add curl'), lines: [2] }],
    clean: [
      { name: 'no-cache', dockerfile: df('FROM alpine:3', 'RUN apk add --no-cache curl') },
      { name: 'rm cache', dockerfile: df('FROM alpine:3', 'RUN apk add curl && rm -rf /var/cache/apk/*') },
    ],
  },
  'iac/dockerfile/missing-pipefail': {
    flagged: [{ name: 'pipe', dockerfile: df('FROM alpine:3', 'RUN wget -qO- https://x/a.tgz | tar xz'), lines: [2] }],
    clean: [
      { name: 'SHELL pipefail', dockerfile: df('FROM debian:12', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN curl -fsSL https://x/a.tgz | tar xz') },
      { name: 'set -o pipefail', dockerfile: df('FROM debian:12', 'RUN set -o pipefail && curl -fsSL https://x/a.tgz | tar xz') },
      { name: 'or operator', dockerfile: df('FROM alpine:3', 'RUN test -f /x || echo missing') },
      { name: 'pipe inside $( ) and echo | sha256sum', dockerfile: df('FROM golang:1.22', 'RUN go test $(go list ./... | grep -v /vendor/)', 'RUN echo "abc  f" | sha256sum -c -') },
    ],
  },
  'iac/dockerfile/maintainer-deprecated': {
    flagged: [{ name: 'maintainer', dockerfile: df('FROM alpine:3', 'MAINTAINER Jane <jane@example.com>'), lines: [2] }],
    clean: [{ name: 'label', dockerfile: df('FROM alpine:3', 'LABEL org.opencontainers.image.authors="Jane"') }],
  },
  'iac/dockerfile/env-path-overwrite': {
    flagged: [{ name: 'overwrite', dockerfile: df('FROM node:20', 'ENV PATH=/app/node_modules/.bin'), lines: [2] }],
    clean: [
      { name: 'extend', dockerfile: df('FROM node:20', 'ENV PATH="/app/node_modules/.bin:${PATH}"') },
      { name: 'full reset', dockerfile: df('FROM scratch', 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin') },
    ],
  },
  'iac/dockerfile/run-security-insecure': {
    flagged: [{ name: 'insecure', dockerfile: df('FROM alpine:3', 'RUN --security=insecure mount -t tmpfs none /mnt'), lines: [2] }],
    clean: [{ name: 'sandbox', dockerfile: df('FROM alpine:3', 'RUN --security=sandbox echo hi') }],
  },
  'iac/dockerfile/credentials-in-url': {
    flagged: [
      { name: 'git clone', dockerfile: df('FROM alpine:3', 'RUN git clone https://deploy:hunter2x@git.example.com/org/repo.git'), lines: [2] },
      { name: 'pip index', dockerfile: df('FROM python:3.12', 'ENV PIP_INDEX_URL=https://ci:Zx81kk@pypi.example.com/simple'), lines: [2] },
    ],
    clean: [
      { name: 'variable password', dockerfile: df('FROM alpine:3', 'RUN git clone https://oauth2:${TOKEN}@git.example.com/org/repo.git', 'RUN git clone https://git.example.com/org/repo.git') },
      { name: 'placeholder password', dockerfile: df('FROM node:20', 'ENV DATABASE_URL="postgresql://dummy:dummy@localhost:5432/dummy"') },
    ],
  },
  'iac/dockerfile/plain-http-download': {
    flagged: [
      { name: 'curl http', dockerfile: df('FROM alpine:3', 'RUN curl -fsSLo /x http://example.com/x'), lines: [2] },
      { name: 'ADD http', dockerfile: df('FROM alpine:3', 'ADD http://example.com/x.tgz /x'), lines: [2] },
      { name: 'pip index', dockerfile: df('FROM python:3.12', 'RUN pip install --index-url=http://pypi.example/simple flask'), lines: [2] },
    ],
    clean: [{ name: 'https and localhost', dockerfile: df('FROM alpine:3', 'RUN curl -fsSL https://example.com/x && curl http://localhost:8080/health') }],
  },
  'iac/dockerfile/go-checksum-disabled': {
    flagged: [
      { name: 'env', dockerfile: df('FROM golang:1.22', 'ENV GOSUMDB=off'), lines: [2] },
      { name: 'go env -w', dockerfile: df('FROM golang:1.22', 'RUN go env -w GOINSECURE=git.corp.example && go build ./...'), lines: [2] },
      { name: 'GOFLAGS', dockerfile: df('FROM golang:1.22', 'ENV GOFLAGS="-mod=mod -insecure"'), lines: [2] },
    ],
    clean: [{ name: 'GOPRIVATE', dockerfile: df('FROM golang:1.22', 'ENV GOPRIVATE=git.corp.example GOFLAGS=-mod=vendor GOSUMDB=sum.golang.org') }],
  },
  'iac/dockerfile/python-https-verify-disabled': {
    flagged: [
      { name: 'PYTHONHTTPSVERIFY', dockerfile: df('FROM python:3.12', 'ENV PYTHONHTTPSVERIFY=0'), lines: [2] },
      { name: 'empty CA bundle', dockerfile: df('FROM python:3.12', 'ENV A=1 \\', '    CURL_CA_BUNDLE=""'), lines: [2] },
    ],
    clean: [{ name: 'bundle set', dockerfile: df('FROM python:3.12', 'ENV REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt PYTHONHTTPSVERIFY=1') }],
  },
  'iac/dockerfile/update-without-install': {
    flagged: [
      { name: 'apt-get update alone', dockerfile: df('FROM debian:12', 'RUN apt-get update', 'RUN apt-get install -y --no-install-recommends curl'), lines: [2] },
      { name: 'apk update alone', dockerfile: df('FROM alpine:3', 'RUN apk update'), lines: [2] },
    ],
    clean: [
      { name: 'same RUN', dockerfile: df('FROM debian:12', 'RUN apt-get update && apt-get install -y curl') },
      { name: 'yum update upgrades', dockerfile: df('FROM rockylinux:9', 'RUN yum update -y') },
    ],
  },
  'iac/dockerfile/apt-instead-of-apt-get': {
    flagged: [{ name: 'apt install', dockerfile: df('FROM ubuntu:24.04', 'RUN apt update && apt install -y curl'), lines: [2] }],
    clean: [{ name: 'apt-get', dockerfile: df('FROM ubuntu:24.04', 'RUN apt-get update && apt-get install -y curl && apt-cache policy curl') }],
  },
  'iac/dockerfile/duplicate-stage-name': {
    flagged: [{ name: 'twice', dockerfile: df('FROM golang:1.22 AS build', 'FROM node:20 AS build', 'FROM alpine:3'), lines: [2] }],
    clean: [{ name: 'unique', dockerfile: df('FROM golang:1.22 AS go', 'FROM node:20 AS web', 'FROM alpine:3') }],
  },
  'iac/dockerfile/password-set-in-run': {
    flagged: [
      { name: 'chpasswd', dockerfile: df('FROM ubuntu:24.04', "RUN echo 'root:toor' | chpasswd"), lines: [2] },
      { name: 'useradd -p', dockerfile: df('FROM ubuntu:24.04', 'RUN useradd -m -p "$(openssl passwd -1 s3cret)" dev'), lines: [2] },
      { name: 'passwd -d', dockerfile: df('FROM ubuntu:24.04', 'RUN passwd -d root'), lines: [2] },
    ],
    clean: [{ name: 'no password', dockerfile: df('FROM ubuntu:24.04', 'RUN useradd -r -u 10001 -s /usr/sbin/nologin app && passwd -l root') }],
  },
  'iac/dockerfile/setuid-bit': {
    flagged: [
      { name: 'u+s', dockerfile: df('FROM alpine:3', 'RUN chmod u+s /usr/local/bin/helper'), lines: [2] },
      { name: '4755 via COPY', dockerfile: df('FROM alpine:3', 'COPY --chmod=4755 helper /usr/local/bin/'), lines: [2] },
    ],
    clean: [{ name: 'plain modes', dockerfile: df('FROM alpine:3', 'RUN chmod 0755 /a && chmod 1777 /tmp && chmod u+x /b && chmod -s /c') }],
  },
  'iac/dockerfile/npm-unsafe-perm': {
    flagged: [
      { name: 'flag', dockerfile: df('FROM node:20', 'RUN npm install -g --unsafe-perm puppeteer'), lines: [2] },
      { name: 'env', dockerfile: df('FROM node:20', 'ENV NPM_CONFIG_UNSAFE_PERM=true'), lines: [2] },
    ],
    clean: [{ name: 'as node', dockerfile: df('FROM node:20', 'USER node', 'RUN npm ci') }],
  },
};

/** A Dockerfile written to pass every rule. */
export const GOOD = df(
  '# syntax=docker/dockerfile:1',
  'ARG NODE=20.11.1',
  'FROM node:${NODE}-bookworm AS build',
  'WORKDIR /src',
  'COPY package.json package-lock.json ./',
  'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
  'COPY . .',
  'RUN npm run build',
  '',
  `${PIN}`,
  'RUN apt-get update \\',
  '    # tools needed at run time',
  '    && apt-get install -y --no-install-recommends ca-certificates \\',
  '    && rm -rf /var/lib/apt/lists/*',
  'WORKDIR /app',
  'COPY --from=build --chown=10001:10001 /src/dist /app',
  'USER 10001:10001',
  'EXPOSE 8080',
  'HEALTHCHECK --interval=30s CMD ["/app/healthcheck"]',
  'ENTRYPOINT ["/app/server"]',
);
