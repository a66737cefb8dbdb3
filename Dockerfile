# syntax=docker/dockerfile:1
# Multi-stage: build with the SDK, run on the ASP.NET runtime as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The build vendors the console's chart library from npm (SolarSync.Host/ClientLibs, npm ci into wwwroot/lib).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props SolarSync.sln appsettings.json ./
COPY build/ build/
COPY SolarSync.Host/*.csproj SolarSync.Host/
COPY SolarSync.Modules/*.csproj SolarSync.Modules/
COPY SolarSync.Tests/*.csproj SolarSync.Tests/
RUN dotnet restore SolarSync.Host/SolarSync.Host.csproj
COPY . .
RUN dotnet publish SolarSync.Host/SolarSync.Host.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# The evaluation report draws text into its PNG plots: one sans-serif font is enough. LightGBM's native library
# needs the GNU OpenMP runtime.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core libgomp1 && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /var/lib/solarsync/models && chown -R app:app /var/lib/solarsync
# OMP_WAIT_POLICY and MALLOC_ARENA_MAX: see deploy/solarsync.service.
ENV ASPNETCORE_URLS=http://+:8080 \
    Models__Path=/var/lib/solarsync/models \
    OMP_WAIT_POLICY=passive \
    MALLOC_ARENA_MAX=2
VOLUME /var/lib/solarsync/models
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet", "SolarSync.Host.dll"]
