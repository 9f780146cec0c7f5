"""The wall screen: playlists of views that cycle by themselves."""
